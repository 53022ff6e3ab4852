import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/create-user.ts';
import { addMembership } from '../auth/add-membership.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { DIALECTS } from '../db/test-databases.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { newId } from '../shared/ids.ts';
import { buildApp } from './app.ts';
import { emailOf, PASSWORD, signedIn, worldApp } from './test-world.ts';

/** Sign-in, sessions, CSRF, one-time passwords, API tokens, rate limits, logs, headers and the API's description. */
for (const dialect of DIALECTS) {
  describe(`accounts and sessions on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    const logs: string[] = [];
    beforeAll(async () => {
      world = await worldApp(dialect, {
        logger: {
          level: 'info',
          stream: new Writable({
            write(chunk, _encoding, done) {
              logs.push(String(chunk));
              done();
            },
          }),
        },
      });
    });
    afterAll(async () => {
      await world?.dispose();
    });
    const signIn = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
      world.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, headers });

    it('signs in with a hashed, HttpOnly, SameSite=Lax session cookie, rotated at each sign-in and ended at sign-out', async () => {
      const first = await signIn(emailOf('bLead'));
      expect(first.statusCode).toBe(200);
      const cookie = first.cookies.find((c) => c.name === 'pointwise_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeUndefined();
      expect(Buffer.from(cookie.value, 'base64url').length).toBeGreaterThanOrEqual(16);
      const stored = await world.t.db.selectFrom('sessions').select('secret_hash').execute();
      expect(stored.map((s) => s.secret_hash)).toContain(hashSecret(cookie.value));
      expect(stored.map((s) => s.secret_hash)).not.toContain(cookie.value);
      const body = first.json();
      expect(body).toMatchObject({
        user: { email: emailOf('bLead') },
        memberships: [{ dossier: 'talks', party: 'b', role: 'lead' }],
      });

      const asOld = { cookie: `pointwise_session=${cookie.value}`, 'x-csrf-token': body.csrfToken };
      const second = await signIn(emailOf('bLead'), PASSWORD, asOld);
      const rotated = second.cookies.find((c) => c.name === 'pointwise_session')!;
      expect(rotated.value).not.toBe(cookie.value);
      const old = await world.app.inject({ method: 'GET', url: '/api/v1/session', headers: asOld });
      expect(old.json().user).toBeNull();

      const asNew = { cookie: `pointwise_session=${rotated.value}`, 'x-csrf-token': second.json().csrfToken };
      expect(
        (await world.app.inject({ method: 'GET', url: '/api/v1/session', headers: asNew })).json().user,
      ).not.toBeNull();
      expect(
        (await world.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: asNew })).statusCode,
      ).toBe(204);
      expect(
        (await world.app.inject({ method: 'GET', url: '/api/v1/session', headers: asNew })).json().user,
      ).toBeNull();
      const ends = await world.t.db.selectFrom('session_ends').select('reason').execute();
      expect(ends.map((e) => e.reason).sort()).toEqual(expect.arrayContaining(['rotated', 'sign_out']));
    });

    it('refuses a wrong password and an unknown email alike', async () => {
      const wrong = await signIn(emailOf('bLead'), 'not the password');
      const unknown = await signIn('nobody@test.example', 'not the password');
      expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
      expect(wrong.body).toBe(unknown.body);
    });

    it('ends a session left idle, and one past its maximum age', async () => {
      const { id: userId } = await world.t.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', emailOf('cLead'))
        .executeTakeFirstOrThrow();
      const stale = async (createdAt: string) => {
        const secret = newSecret();
        const id = newId();
        await world.t.db
          .insertInto('sessions')
          .values({ id, user_id: userId, secret_hash: hashSecret(secret), created_at: createdAt })
          .execute();
        const r = await world.app.inject({
          method: 'GET',
          url: '/api/v1/session',
          headers: { cookie: `pointwise_session=${secret}` },
        });
        expect(r.json().user).toBeNull();
        expect(r.cookies.find((c) => c.name === 'pointwise_session')?.value).toBe('');
        return (
          await world.t.db
            .selectFrom('session_ends')
            .select('reason')
            .where('session_id', '=', id)
            .executeTakeFirstOrThrow()
        ).reason;
      };
      expect(await stale(new Date(Date.now() - 9 * 3600_000).toISOString())).toBe('idle');
      expect(await stale(new Date(Date.now() - 31 * 24 * 3600_000).toISOString())).toBe('expired');
    });

    it('refuses a cookie request that changes something without the CSRF token', async () => {
      const b = await signedIn(world.app, 'bDrafter');
      const url = '/api/v1/dossiers/talks/deliveries/d1/draft/art_1';
      const without = await world.app.inject({
        method: 'PUT',
        url,
        headers: { cookie: b.headers.cookie! },
        payload: { position: 'accept' },
      });
      expect(without.statusCode).toBe(403);
      expect(without.json().code).toBe('auth.csrf');
      const wrong = await world.app.inject({
        method: 'PUT',
        url,
        headers: { cookie: b.headers.cookie!, 'x-csrf-token': 'guessed' },
        payload: { position: 'accept' },
      });
      expect(wrong.statusCode).toBe(403);
      expect((await b({ method: 'PUT', url, payload: { position: 'accept' } })).statusCode).toBe(200);
    });

    it('lets a one-time password do nothing but choose a new password', async () => {
      const made = await inTransaction(world.t.db, async (trx) => {
        const user = await createUser({ trx, input: { email: 'newcomer@test.example' } });
        await addMembership({
          trx,
          input: { email: 'newcomer@test.example', dossier: 'talks', party: 'e', role: 'observer' },
        });
        return user;
      });
      const first = await signIn('newcomer@test.example', made.oneTimePassword!);
      expect(first.json().passwordChangeRequired).toBe(true);
      const headers = {
        cookie: `pointwise_session=${first.cookies.find((c) => c.name === 'pointwise_session')!.value}`,
        'x-csrf-token': first.json().csrfToken,
      };
      const blocked = await world.app.inject({ method: 'GET', url: '/api/v1/dossiers', headers });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('auth.password_change_required');
      const changed = await world.app.inject({
        method: 'PUT',
        url: '/api/v1/session/password',
        headers,
        payload: { currentPassword: made.oneTimePassword, newPassword: 'my own long password' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await world.app.inject({ method: 'GET', url: '/api/v1/dossiers', headers })).statusCode).toBe(
        200,
      );
      expect((await signIn('newcomer@test.example', made.oneTimePassword!)).statusCode).toBe(401);
      expect(
        (await signIn('newcomer@test.example', 'my own long password')).json().passwordChangeRequired,
      ).toBe(false);
    });

    it('makes API tokens shown once, stored hashed, scoped to one membership, and revocable', async () => {
      const a = await signedIn(world.app, 'aLead');
      const made = await a({
        method: 'POST',
        url: '/api/v1/dossiers/talks/tokens',
        payload: { name: 'nightly export' },
      });
      expect(made.statusCode).toBe(201);
      const { id, token } = made.json() as { id: string; token: string };
      expect(token).toMatch(/^pwt_[\w-]{43}$/);
      const listed = (await a({ method: 'GET', url: '/api/v1/tokens' })).body;
      expect(listed).toContain(id);
      expect(listed).not.toContain(token);
      const row = await world.t.db
        .selectFrom('api_tokens')
        .select('secret_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(hashSecret(token));

      const bearer = { authorization: `Bearer ${token}` };
      const session = await world.app.inject({ method: 'GET', url: '/api/v1/session', headers: bearer });
      expect(session.json()).toMatchObject({
        via: 'token',
        csrfToken: null,
        memberships: [{ dossier: 'talks', party: 'a', role: 'lead' }],
      });
      const matrix = await world.app.inject({
        method: 'GET',
        url: '/api/v1/dossiers/talks/matrix',
        headers: bearer,
      });
      expect(matrix.json().deliveries.map((d: { delivery: string }) => d.delivery)).toEqual(['d1']);
      // No CSRF token is needed with a bearer token (no browser sends it by itself); but a token cannot mint tokens.
      const mint = await world.app.inject({
        method: 'POST',
        url: '/api/v1/dossiers/talks/tokens',
        headers: bearer,
        payload: { name: 'x' },
      });
      expect(mint.statusCode).toBe(403);

      expect((await a({ method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode).toBe(204);
      const revoked = await world.app.inject({ method: 'GET', url: '/api/v1/dossiers', headers: bearer });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().code).toBe('auth.failed');
      const garbage = await world.app.inject({
        method: 'GET',
        url: '/api/v1/dossiers',
        headers: { authorization: 'Bearer pwt_guessed' },
      });
      expect(garbage.statusCode).toBe(401);
    });

    it('logs refused attempts, structured, with no password, token or session secret in the logs', async () => {
      const e = await signedIn(world.app, 'eLead');
      await e({ method: 'POST', url: '/api/v1/dossiers', payload: { key: 'not-mine', title: 'No' } });
      const a = await signedIn(world.app, 'aLead');
      const { token } = (
        await a({ method: 'POST', url: '/api/v1/dossiers/talks/tokens', payload: { name: 'logged' } })
      ).json();
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/dossiers',
        headers: { authorization: `Bearer ${token}` },
      });
      const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(
        lines.some(
          (l) =>
            l.event === 'authorization_refused' &&
            l.code === 'actor.forbidden' &&
            l.route === '/api/v1/dossiers',
        ),
      ).toBe(true);
      const all = logs.join('\n');
      for (const secret of [PASSWORD, token, e.headers.cookie!.split('=')[1]!, a.headers['x-csrf-token']!]) {
        expect(all).not.toContain(secret);
      }
    });

    it('sends strict security headers, a Secure cookie behind TLS, and describes itself in OpenAPI 3.1', async () => {
      const r = await world.app.inject({ method: 'GET', url: '/api/v1/dossiers' });
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');

      const behindProxy = await buildApp({ db: world.t.db, trustProxy: true });
      try {
        const tls = await behindProxy.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'x-forwarded-proto': 'https' },
          payload: { email: emailOf('cLead'), password: PASSWORD },
        });
        expect(tls.cookies.find((c) => c.name === 'pointwise_session')!.secure).toBe(true);
      } finally {
        await behindProxy.close();
      }

      const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      expect(doc.openapi).toBe('3.1.0');
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, ops]) =>
          Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      expect(world.app.routeList.filter((route) => !documented.includes(route))).toEqual([]);
      expect(doc.components.schemas.Problem).toBeDefined();
      const docs = await world.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/text\/html/);
      const type = await world.app.inject({ method: 'GET', url: '/api/problems/draft.conflict' });
      expect(type.json()).toMatchObject({ code: 'draft.conflict', status: 409 });
    });
  });

  describe(`rate limits on ${dialect}`, () => {
    it('limits sign-in attempts per address and email, and requests per API token', async () => {
      const world = await worldApp(dialect, { limits: { signInPerMinute: 3, tokenRequestsPerMinute: 4 } });
      try {
        const attempt = () =>
          world.app.inject({
            method: 'POST',
            url: '/api/v1/session',
            payload: { email: emailOf('bLead'), password: 'guess' },
          });
        expect([
          (await attempt()).statusCode,
          (await attempt()).statusCode,
          (await attempt()).statusCode,
        ]).toEqual([401, 401, 401]);
        const limited = await attempt();
        expect(limited.statusCode).toBe(429);
        expect(limited.json().code).toBe('auth.rate_limited');
        expect(limited.headers['retry-after']).toBeDefined();
        // Another account from the same address is not locked out by someone guessing this one.
        expect(
          (
            await world.app.inject({
              method: 'POST',
              url: '/api/v1/session',
              payload: { email: emailOf('cLead'), password: PASSWORD },
            })
          ).statusCode,
        ).toBe(200);

        const a = await signedIn(world.app, 'aLead');
        const { token } = (
          await a({ method: 'POST', url: '/api/v1/dossiers/talks/tokens', payload: { name: 'busy' } })
        ).json();
        const use = () =>
          world.app.inject({
            method: 'GET',
            url: '/api/v1/dossiers',
            headers: { authorization: `Bearer ${token}` },
          });
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await use()).statusCode);
        expect(statuses).toEqual([200, 200, 200, 200, 429]);
      } finally {
        await world.dispose();
      }
    });
  });
}
