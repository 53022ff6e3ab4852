import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../db/test-databases.ts';
import { buildApp } from './app.ts';

/**
 * The web app at `/`: its files, index.html for client-side routes, the caching each gets, and the
 * API's own 404s left alone. No database is involved beyond what building the app needs.
 */
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head></html>';
const SCRIPT = 'console.log("pointwise");';

describe('serving the web app', () => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  let app: FastifyInstance;
  let empty: FastifyInstance;
  let none: FastifyInstance;
  beforeAll(async () => {
    t = await freshDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'pointwise-web-'));
    mkdirSync(join(dir, 'built', 'assets'), { recursive: true });
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'built', 'index.html'), INDEX);
    writeFileSync(join(dir, 'built', 'assets', 'app-1a2b.js'), SCRIPT);
    writeFileSync(join(dir, 'built', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
    app = await buildApp({ db: t.db, webRoot: join(dir, 'built') });
    empty = await buildApp({ db: t.db, webRoot: join(dir, 'empty') });
    none = await buildApp({ db: t.db, webRoot: null });
  });
  afterAll(async () => {
    await Promise.all([app, empty, none].map((a) => a?.close()));
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for every client-side route, never cached without asking', async () => {
    for (const url of [
      '/',
      '/d/security-guarantees/deliveries/d1/respond',
      '/d/talks?tab=matrix',
      '/sign-in',
    ]) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.body, url).toBe(INDEX);
    }
  });

  it('serves hashed assets for a year, and other files revalidated', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe(SCRIPT);
    const again = await app.inject({
      method: 'GET',
      url: '/assets/app-1a2b.js',
      headers: { 'if-none-match': asset.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('no-cache');
    const head = await app.inject({ method: 'HEAD', url: '/assets/app-1a2b.js' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers a missing asset 404, not with the app (which a browser would keep for a year)', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/app-old.js' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['cache-control']).toBeUndefined();
  });

  it('never serves a file outside the web root', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.body, url).not.toContain('outside the web root');
    }
  });

  it('leaves the API alone: its routes, and a problem+json 404 for a path it does not have', async () => {
    const session = await app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(session.statusCode).toBe(200);
    expect(session.headers['content-type']).toMatch(/^application\/json/);
    for (const url of ['/api', '/api/v1/nowhere', '/api/v2/dossiers', '/api/v1/dossiers/talks/nothing']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    const post = await app.inject({ method: 'POST', url: '/d/talks', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps the strict content security policy on the app', async () => {
    const r = await app.inject({ method: 'GET', url: '/' });
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('says how to build the app when it is not built, and serves nothing when told not to', async () => {
    for (const url of ['/', '/d/talks']) {
      const r = await empty.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body).toContain('npm run build:web');
    }
    expect((await empty.inject({ method: 'GET', url: '/api/v1/nowhere' })).statusCode).toBe(404);
    const off = await none.inject({ method: 'GET', url: '/' });
    expect(off.statusCode).toBe(404);
    expect(off.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
