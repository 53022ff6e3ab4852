import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:web` puts the web app (Vite's `build.outDir`). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

// Vite names each file under assets/ by a hash of its content, so a browser may keep it for good;
// index.html names the current ones, so it is checked with the server on every load.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Pointwise</title></head>
<body>
<h1>Pointwise</h1>
<p>The web app is not built. Run <code>npm run build:web</code>, then reload this page.</p>
<p>The API is at <a href="/api/v1/session">/api/v1</a>; its documentation is at <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;

/**
 * Serves the built web app at `/`: its files, and index.html for every other GET outside `/api`,
 * so that a client-side route (a deep link, a reload) loads the app. Looked for on each request,
 * so a build made while the server runs is served without a restart.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  const webRoot = resolve(root);
  // Only reply.sendFile (ETags, ranges, 304s, content types); the routing is ours.
  await app.register(fastifyStatic, { serve: false });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    // Unknown API paths keep their problem+json 404.
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    if (!(await isFile(resolve(webRoot, 'index.html')))) {
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    const relative = (request.params as { '*': string })['*'];
    const isAsset = relative.startsWith('assets/');
    if (await isFile(inside(webRoot, relative))) {
      return send(reply, relative, webRoot, isAsset ? IMMUTABLE : REVALIDATE);
    }
    // A missing hashed file is a 404, never the app's HTML (which a browser would then keep for a year).
    if (isAsset) return reply.callNotFound();
    return send(reply, 'index.html', webRoot, REVALIDATE);
  });
}

function send(reply: FastifyReply, file: string, root: string, cacheControl: string) {
  reply.header('cache-control', cacheControl);
  return reply.sendFile(file, root, { cacheControl: false, dotfiles: 'deny' });
}

/** The path of `relative` under `root`, or null if it would lead outside it or names a dotfile. */
function inside(root: string, relative: string): string | null {
  if (relative === '' || relative.split('/').some((part) => part.startsWith('.'))) return null;
  const full = resolve(root, relative);
  return full.startsWith(root + sep) ? full : null;
}

async function isFile(path: string | null): Promise<boolean> {
  if (path === null) return false;
  try {
    return (await stat(path)).isFile();
  } catch {
    // Missing, unreadable, or not a valid path at all (a NUL byte): not a file to serve.
    return false;
  }
}
