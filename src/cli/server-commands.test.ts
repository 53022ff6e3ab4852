import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { loadReferenceDossier } from '../demo/load-reference-dossier.ts';
import { buildApp } from '../server/app.ts';

const BIN = fileURLToPath(new URL('../../bin/pointwise.mjs', import.meta.url));

function pointwise(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const dialect of DIALECTS) {
  describe(`pointwise users and tokens on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await loadReferenceDossier(t.db);
    });
    afterAll(async () => {
      await t?.dispose();
    });
    const db = () => ['--db', t.target];

    it('opens an account with a one-time password, makes a token for it, and the API accepts both', async () => {
      const added = await pointwise([
        'users',
        'add',
        'Envoy@Example.org',
        '--dossier',
        'security-guarantees',
        '--party',
        'us',
        '--role',
        'lead',
        ...db(),
      ]);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const password = /One-time password .*: (\S+)$/m.exec(added.stdout)![1]!;
      expect(added.stdout).toContain('envoy@example.org is now lead for "us" in "security-guarantees".');

      const listed = await pointwise(['users', 'list', ...db()]);
      expect(listed.stdout).toBe('envoy@example.org: lead for us in security-guarantees\n');

      const made = await pointwise([
        'tokens',
        'create',
        'envoy@example.org',
        '--dossier',
        'security-guarantees',
        ...db(),
      ]);
      expect(made.code).toBe(0);
      const token = made.stdout.trim().split('\n').pop()!;
      expect(token).toMatch(/^pwt_/);

      const app = await buildApp({ db: t.db });
      try {
        const viaToken = await app.inject({
          method: 'GET',
          url: '/api/v1/session',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(viaToken.json()).toMatchObject({ via: 'token', memberships: [{ party: 'us', role: 'lead' }] });
        const signIn = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: 'envoy@example.org', password },
        });
        expect(signIn.json().passwordChangeRequired).toBe(true);
      } finally {
        await app.close();
      }
    });

    it('refuses an incomplete membership and an unknown party, saying what is wrong (exit 1)', async () => {
      const partial = await pointwise(['users', 'add', 'a@example.org', '--party', 'us', ...db()]);
      expect(partial.code).toBe(1);
      expect(partial.stderr).toBe(
        'pointwise: a membership needs all three of --dossier, --party and --role\n',
      );
      const unknown = await pointwise([
        'users',
        'add',
        'b@example.org',
        '--dossier',
        'security-guarantees',
        '--party',
        'mars',
        '--role',
        'observer',
        ...db(),
      ]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('pointwise: no party "mars" in this dossier\n');
      const role = await pointwise([
        'users',
        'add',
        'c@example.org',
        '--dossier',
        'x',
        '--party',
        'y',
        '--role',
        'king',
        ...db(),
      ]);
      expect(role.code).toBe(2);
    });
  });
}
