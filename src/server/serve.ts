import type { FastifyInstance } from 'fastify';
import type { OpenDatabase } from '../db/open-database.ts';
import { signPending } from '../ledger/sign-pending.ts';
import { buildApp, type AppOptions } from './app.ts';

export interface Serving {
  app: FastifyInstance;
  /** The base address, e.g. http://127.0.0.1:4100 */
  url: string;
  close(): Promise<void>;
}

/** Builds the app on an open database and listens; the CLI's `serve` and `start` use this. */
export async function serve({
  open,
  port,
  host,
  ...options
}: { open: OpenDatabase; port: number; host: string } & Omit<AppOptions, 'db'>): Promise<Serving> {
  // Commands open the database with the ledger's signer; the server signs after each change.
  const ledgerSigner = (open as { signer?: AppOptions['ledgerSigner'] }).signer;
  const app = await buildApp({ db: open.db, ledgerSigner, listenClient: open.listenClient, ...options });
  // What was recorded before the server started (a loaded dossier, a crash before signing) is signed now.
  if (ledgerSigner) await signPending(open.db, ledgerSigner);
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${actualPort}`, close: () => app.close() };
}

/** Resolves when the process is asked to stop (Ctrl-C, or SIGTERM from a supervisor). */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
