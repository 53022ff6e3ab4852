import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { SYSTEM } from '../domain/actor.ts';
import { createParty } from '../domain/create-party.ts';
import { computeMatrix } from '../domain/compute-matrix.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { submitResponse } from '../domain/submit-response.ts';
import { seedNegotiation } from '../domain/test-factories.ts';
import { verifyBundle } from './bundle.ts';
import { checkLedger } from './check-ledger.ts';
import { exportBundle } from './export-bundle.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-keys.ts';
import { signCheckpoints } from './sign-checkpoints.ts';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const APPEND_LOOP = fileURLToPath(new URL('./testdata/append-loop.ts', import.meta.url));

const signerKey = generateSignerKey('pointwise-test').signerKey;
const signer = parseSignerKey(signerKey);
// Child processes sign with the same key, read from this file.
const keyFile = join(mkdtempSync(join(tmpdir(), 'pointwise-key-')), 'ledger.key');
writeFileSync(keyFile, `${signerKey}\n`, { mode: 0o600 });
const verifier = parseVerifierKey(signer.verifierKey);

for (const dialect of DIALECTS) {
  describe(`the stored ledger on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let dossier: { id: string; key: string };
    beforeEach(async () => {
      t = await freshDatabase(dialect);
      await seedNegotiation(t.db);
      dossier = await t.db.selectFrom('dossiers').select(['id', 'key']).executeTakeFirstOrThrow();
      await signCheckpoints({ db: t.db, signer });
    });
    afterEach(async () => {
      await t.dispose();
    });

    const entries = () =>
      t.db
        .selectFrom('ledger_entries')
        .select(['leaf_index', 'type', 'entry', 'content'])
        .orderBy('leaf_index')
        .execute();
    const check = () => checkLedger({ db: t.db, verifier, dossier });
    const verifyExport = async () =>
      verifyBundle(await exportBundle({ db: t.db, signer, dossier }), { key: signer.verifierKey });

    /** Lets a test play an attacker with direct write access, past the insert-only guards. */
    async function unguard(): Promise<void> {
      for (const table of ['ledger_entries', 'ledger_nodes', 'ledger_checkpoints']) {
        if (dialect === 'postgres')
          await sql`alter table ${sql.table(table)} disable trigger user`.execute(t.db);
        else
          for (const op of ['update', 'delete'])
            await sql`drop trigger ${sql.raw(`${table}_no_${op}`)}`.execute(t.db);
      }
    }

    it('appends one entry for every change, in order, and none for a refused one', async () => {
      expect((await entries()).map((e) => e.type)).toEqual([
        'dossier.created',
        'party.created',
        'party.created',
        'party.created',
        'document.created',
        'version.added',
        'delivery.made',
      ]);
      await expect(
        inTransaction(t.db, (trx) =>
          submitResponse({
            trx,
            actor: SYSTEM,
            input: { dossier: 'talks', delivery: 'd1', party: 'b', answers: [] },
          }),
        ),
      ).rejects.toThrow(/unanswered/);
      await expect(
        inTransaction(t.db, async (trx) => {
          await createParty({ trx, actor: SYSTEM, input: { dossier: 'talks', key: 'x', name: 'X' } });
          throw new Error('crash after the change');
        }),
      ).rejects.toThrow('crash after the change');
      expect(await entries()).toHaveLength(7);
      const head = await t.db.selectFrom('ledger_heads').select('size').executeTakeFirstOrThrow();
      expect(head.size).toBe(7);
    });

    it('keeps content out of the entry: only a salted commitment, with the content beside it', async () => {
      const [, party] = await entries();
      const entry = JSON.parse(party!.entry);
      expect(Object.keys(entry).sort()).toEqual([
        'actor',
        'commitment',
        'dossier',
        'format',
        'index',
        'previousLeaf',
        'recordedAt',
        'subject',
        'type',
      ]);
      expect(party!.entry).not.toContain('Party A');
      expect(JSON.parse(party!.content)).toEqual({ key: 'a', name: 'Party A' });
    });

    it('checks clean, and its export verifies with no database', async () => {
      expect((await check()).findings).toEqual([]);
      const report = await verifyExport();
      expect(report).toMatchObject({ ok: true, size: 7, findings: [] });
    });

    it('catches one changed byte of an entry, in the database and in a fresh export', async () => {
      await unguard();
      const row = (await entries())[3]!;
      const altered = row.entry.replace('"recordedAt":"2', '"recordedAt":"1');
      expect(altered).not.toBe(row.entry);
      await sql`update ledger_entries set entry = ${altered} where leaf_index = 3`.execute(t.db);
      expect((await check()).findings[0]).toMatchObject({
        index: 3,
        message: expect.stringMatching(/does not hash to the leaf recorded/),
      });
      const report = await verifyExport();
      expect(report.ok).toBe(false);
      expect(report.findings[0]).toMatchObject({ index: 3 });
    });

    it('catches a deleted entry', async () => {
      await unguard();
      await sql`delete from ledger_entries where leaf_index = 2`.execute(t.db);
      expect((await check()).findings[0]).toEqual({
        index: 2,
        message: 'entry 2: is missing (the log has 7 entries)',
      });
      const report = await verifyExport();
      expect(report.findings[0]).toMatchObject({
        index: 2,
        message: expect.stringMatching(/says it is entry 3/),
      });
    });

    it('catches two entries swapped', async () => {
      await unguard();
      const rows = await entries();
      await sql`update ledger_entries set entry = ${rows[4]!.entry}, content = ${rows[4]!.content} where leaf_index = 1`.execute(
        t.db,
      );
      await sql`update ledger_entries set entry = ${rows[1]!.entry}, content = ${rows[1]!.content} where leaf_index = 4`.execute(
        t.db,
      );
      expect((await check()).findings[0]).toEqual({
        index: 1,
        message: 'entry 1: says it is entry 4; entries were reordered or moved',
      });
      expect((await verifyExport()).findings[0]).toMatchObject({ index: 1 });
    });

    it('catches altered content behind a commitment', async () => {
      await unguard();
      await sql`update ledger_entries set content = ${JSON.stringify({ key: 'a', name: 'Party Z' })} where leaf_index = 1`.execute(
        t.db,
      );
      expect((await check()).findings[0]).toMatchObject({
        index: 1,
        message: expect.stringMatching(/content does not match its commitment/),
      });
      expect((await verifyExport()).findings[0]).toMatchObject({
        index: 1,
        message: expect.stringMatching(/content does not match/),
      });
    });

    it('catches an altered tree node, and refuses to sign a new checkpoint over a rewritten log', async () => {
      await unguard();
      await sql`update ledger_nodes set hash = ${Buffer.alloc(32, 7).toString('base64')} where level = 2 and node_index = 0`.execute(
        t.db,
      );
      expect((await check()).findings[0]?.message).toMatch(
        /^node 2:0 \(entries 0 to 3\): does not match the entries/,
      );
      await inTransaction(t.db, (trx) =>
        createParty({ trx, actor: SYSTEM, input: { dossier: 'talks', key: 'late', name: 'Late' } }),
      );
      await expect(signCheckpoints({ db: t.db, signer })).rejects.toThrow(
        /not consistent with the checkpoint signed at size 7/,
      );
      const checkpoints = await t.db.selectFrom('ledger_checkpoints').select('size').execute();
      expect(checkpoints.map((c) => c.size)).toEqual([7]);
    });

    it('gives each response the moment the first signed checkpoint proved it on record', async () => {
      await inTransaction(t.db, (trx) =>
        submitResponse({
          trx,
          actor: SYSTEM,
          input: {
            dossier: 'talks',
            delivery: 'd1',
            party: 'b',
            partial: true,
            submittedAt: '2022-01-15T00:00:00Z',
            answers: [{ point: 'art_1', position: 'accept' }],
          },
        }),
      );
      const matrix = (at?: string) =>
        inTransaction(t.db, (trx) => computeMatrix({ trx, input: { dossier: 'talks', at } }));
      expect((await matrix()).deliveries[0]!.addressees[0]!.provenAt).toBeNull();
      const [signed] = await signCheckpoints({ db: t.db, signer, now: () => '2030-01-01T00:00:00.000Z' });
      expect(signed!.size).toBe(8);
      expect((await matrix('2030-01-02T00:00:00Z')).deliveries[0]!.addressees[0]!.provenAt).toBe(
        '2030-01-01T00:00:00.000Z',
      );
      // As of a moment before the checkpoint was signed, nothing proved it yet.
      expect((await matrix('2029-12-31T00:00:00Z')).deliveries[0]!.addressees[0]!.provenAt).toBeNull();
    });

    it('refuses to update or delete entries, nodes and checkpoints', async () => {
      await expect(sql`update ledger_entries set type = 'x'`.execute(t.db)).rejects.toThrow(/insert-only/);
      await expect(sql`delete from ledger_nodes`.execute(t.db)).rejects.toThrow(/insert-only/);
      await expect(sql`delete from ledger_checkpoints`.execute(t.db)).rejects.toThrow(/insert-only/);
    });

    it('serialises appends from two processes to one dossier without forking the log', async () => {
      const run = (prefix: string) =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, [RUN_TS, APPEND_LOOP, t.target, 'talks', prefix, '15'], {
            env: { ...process.env, POINTWISE_LEDGER_KEY_FILE: keyFile },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          let err = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('error', reject);
          child.on('close', (code) =>
            code === 0 ? resolve(out) : reject(new Error(`append-loop exited ${code}: ${err}`)),
          );
        });
      const [p, q] = await Promise.all([run('p'), run('q')]);
      expect(p.trim().split('\n')).toHaveLength(15);
      expect(q.trim().split('\n')).toHaveLength(15);
      const rows = await entries();
      expect(rows.map((r) => r.leaf_index)).toEqual(Array.from({ length: 37 }, (_, i) => i));
      expect((await check()).findings).toEqual([]);
      expect((await verifyExport()).ok).toBe(true);
    });
  });
}
