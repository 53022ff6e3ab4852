import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { z } from 'zod';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../auth/authenticate.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { Database } from '../db/schema.ts';
import type { Ed25519Signer } from '../ledger/note-keys.ts';
import { checkpointSigner } from '../ledger/sign-pending.ts';
import { authenticateRequest } from './authenticate-request.ts';
import { handleErrors } from './handle-errors.ts';
import { LiveUpdates, type LiveSettings } from './live/live-updates.ts';
import { registerJsonBody } from './json-body.ts';
import { apiRoutes } from './routes/index.ts';
import { validatorCompiler } from './validator-compiler.ts';
import { DEFAULT_WEB_ROOT, registerWebApp } from './web-app.ts';

export interface AppOptions {
  db: Kysely<Database>;
  /** Fastify's logger: false (tests), true, or pino options. Secrets are redacted whatever is given. */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  sessions?: SessionSettings;
  limits?: Partial<Limits>;
  /** Trust X-Forwarded-* from a proxy in front (to know the client and whether TLS was used). */
  trustProxy?: boolean;
  /** The ledger's signing key, for the ledger routes and for signing after writes. */
  ledgerSigner?: () => Ed25519Signer;
  /** Sign a checkpoint after every request that changed something (default: whenever there is a signer). */
  signAfterWrites?: boolean;
  /** Routes outside the API, added before the app is ready (the benchmark's ceiling route). */
  extraRoutes?: (app: FastifyInstance) => void;
  /**
   * PostgreSQL: opens a client of its own that LISTENs for ledger appends (OpenDatabase's
   * `listenClient`); without one, live updates poll the ledger heads.
   */
  listenClient?: () => pg.Client;
  /** Live updates' timings (tests shorten them). */
  live?: Partial<LiveSettings>;
  /**
   * The built web app served at `/` (default: `dist/web` of this package, `npm run build:web`);
   * null serves none.
   */
  webRoot?: string | null;
}

export interface Limits {
  /** Sign-in attempts per client address and email, per minute. */
  signInPerMinute: number;
  /** Requests per API token, per minute. */
  tokenRequestsPerMinute: number;
  /** Largest JSON body, except a dossier file for import. */
  bodyBytes: number;
  /** Largest dossier file accepted by import. */
  importBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  signInPerMinute: 10,
  tokenRequestsPerMinute: 1200,
  bodyBytes: 1024 * 1024,
  importBytes: 64 * 1024 * 1024,
};

/** Every route of the API, as `METHOD /path`, collected as routes register (for the authorization table's test). */
export type RouteList = string[];

/** The zod schemas of each route's request parts, by `METHOD /path` (for the fuzz test). */
export type RouteSchemas = Map<
  string,
  { body?: unknown; querystring?: unknown; params?: unknown; headers?: unknown }
>;

declare module 'fastify' {
  interface FastifyInstance {
    routeList: RouteList;
    routeSchemas: RouteSchemas;
  }
}

/**
 * Builds the HTTP API (never listens: `serve.ts` does, tests call `app.inject`). Every request
 * takes the same steps: parse and validate (zod) → who is asking (session cookie or token) →
 * the route's transaction: visible? (the read query) → may they? (auth/policies.ts) → use case →
 * presenter → validate the response → problem+json for any error.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger: FastifyServerOptions['logger'] =
    options.logger === undefined || options.logger === false
      ? false
      : {
          ...(options.logger === true ? {} : options.logger),
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
        };
  const app = Fastify({
    logger,
    bodyLimit: limits.bodyBytes,
    trustProxy: options.trustProxy ?? false,
    // Request ids in logs; no client-chosen ids, which could forge log lines.
    requestIdHeader: false,
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<ZodTypeProvider>();

  const routeList: RouteList = [];
  const routeSchemas: RouteSchemas = new Map();
  app.decorate('routeList', routeList);
  app.decorate('routeSchemas', routeSchemas);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    // A query parameter a route does not name is refused, like an unknown field in a body.
    route.schema = { ...route.schema, querystring: route.schema?.querystring ?? z.strictObject({}) };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeList.push(`${method} ${route.url}`);
      routeSchemas.set(
        `${method} ${route.url}`,
        (route.schema ?? {}) as RouteSchemas extends Map<string, infer S> ? S : never,
      );
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBody(app);
  handleErrors(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only means something over TLS; a proxy in front sets it.
    strictTransportSecurity: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: limits.tokenRequestsPerMinute,
    timeWindow: 60_000,
    // Only token use is limited globally; sign-in has its own limit (routes/session.ts).
    allowList: (request) => bearerOf(request.headers.authorization) === null,
    keyGenerator: (request) => `token:${hashSecret(bearerOf(request.headers.authorization) ?? '')}`,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pointwise API',
        version: '1',
        description:
          'The written record of negotiations run on written proposals. Each party sees exactly what DESIGN.md rule 1 lets it see; errors are RFC 9457 problem details.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pointwise_session' },
          token: { type: 'http', scheme: 'bearer', description: 'A personal API token (pwt_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }, {}],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { validatorUrl: null },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.addHook(
    'onRequest',
    authenticateRequest({ db: options.db, sessions: options.sessions ?? DEFAULT_SESSION_SETTINGS }),
  );

  if (options.ledgerSigner && options.signAfterWrites !== false) {
    // After the response is sent, so signing never delays the caller; what it signs is committed.
    const signing = checkpointSigner(options.db, options.ledgerSigner);
    app.addHook('onResponse', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return;
      try {
        await signing.poke();
      } catch (error) {
        request.log.error({ err: error }, 'signing ledger checkpoints failed');
      }
    });
  }

  const live = new LiveUpdates({
    db: options.db,
    listenClient: options.listenClient,
    settings: options.live,
    log: app.log,
  });
  // Open event streams would keep the server from closing; they end first.
  app.addHook('preClose', () => live.close());
  // A change made here is announced at once, not at the next poll (PostgreSQL announces it anyway).
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) live.poke();
  });

  await app.register(apiRoutes, {
    prefix: '/api',
    db: options.db,
    limits,
    signer: options.ledgerSigner,
    live,
  });
  options.extraRoutes?.(app);
  if (options.webRoot !== null) await registerWebApp(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  await app.ready();
  return app;
}

/** The token in `Authorization: Bearer …`, or null. */
export function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
