import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { decodeBase64 } from '../ledger/base64.ts';
import { verifyBundle } from '../ledger/bundle.ts';
import { parseCheckpoint } from '../ledger/checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../ledger/merkle-verify.ts';
import { signedIn, worldApp, WORLD_SIGNER } from './test-world.ts';

const bytes = (b64: string) => decodeBase64(b64)!;

for (const dialect of DIALECTS) {
  describe(`the ledger over HTTP on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    beforeAll(async () => {
      world = await worldApp(dialect, { signAfterWrites: true });
    });
    afterAll(async () => {
      await world.dispose();
    });

    it('gives each party a bundle that verifies offline and shows only what it may see', async () => {
      for (const who of ['visitor', 'bLead', 'aLead'] as const) {
        const call = await signedIn(world.app, who);
        const r = await call({ method: 'GET', url: '/api/v1/dossiers/talks/ledger/bundle' });
        expect(r.statusCode).toBe(200);
        const bundle = r.json();
        const report = verifyBundle(bundle, { key: WORLD_SIGNER.verifierKey });
        expect(report.findings).toEqual([]);
        expect(report.ok).toBe(true);
        const hidden = bundle.entries.filter((e: { entry?: unknown }) => e.entry === undefined).length;
        expect(hidden).toBeGreaterThan(0);
        expect(JSON.stringify(bundle)).not.toContain(who === 'bLead' ? 'rc2' : 'd1/b/art_1');
      }
    });

    it('gives proofs that check against the signed checkpoint', async () => {
      const b = await signedIn(world.app, 'bLead');
      const checkpoint = (await b({ method: 'GET', url: '/api/v1/dossiers/talks/ledger/checkpoint' })).json();
      const { size, rootHash } = parseCheckpoint(
        checkpoint.note.slice(0, checkpoint.note.lastIndexOf('\n\n') + 1),
      );
      expect(size).toBe(checkpoint.size);
      const inclusion = (
        await b({ method: 'GET', url: `/api/v1/dossiers/talks/ledger/proof/inclusion?index=20&size=${size}` })
      ).json();
      expect(
        verifyInclusion({
          leafHash: bytes(inclusion.leafHash),
          index: 20,
          size,
          proof: inclusion.proof.map(bytes),
          root: rootHash,
        }),
      ).toBe(true);
      const entries = (
        await b({ method: 'GET', url: '/api/v1/dossiers/talks/ledger/entries?from=20&to=21' })
      ).json();
      expect(entries.entries[0].entry.type).toBe('draft_answer.saved');
      const key = (await b({ method: 'GET', url: '/api/v1/ledger/key' })).json();
      expect(key.verifierKey).toBe(WORLD_SIGNER.verifierKey);
    });

    it('signs a new checkpoint after a change, consistent with the one before', async () => {
      const a = await signedIn(world.app, 'aLead');
      const before = (await a({ method: 'GET', url: '/api/v1/dossiers/talks/ledger/checkpoint' })).json();
      const made = await a({
        method: 'POST',
        url: '/api/v1/dossiers/talks/documents',
        payload: { key: 'ledger-note', kind: 'note', title: 'A note' },
      });
      expect(made.statusCode).toBe(201);
      // Signing runs once the response is sent; wait for it, boundedly.
      let after = before;
      for (let i = 0; i < 100 && after.size === before.size; i++) {
        await new Promise((r) => setTimeout(r, 20));
        after = (await a({ method: 'GET', url: '/api/v1/dossiers/talks/ledger/checkpoint' })).json();
      }
      expect(after.size).toBeGreaterThan(before.size);
      const proof = (
        await a({
          method: 'GET',
          url: `/api/v1/dossiers/talks/ledger/proof/consistency?from=${before.size}&to=${after.size}`,
        })
      ).json();
      expect(
        verifyConsistency({
          size1: before.size,
          size2: after.size,
          root1: bytes(before.rootHash),
          root2: bytes(after.rootHash),
          proof: proof.proof.map(bytes),
        }),
      ).toBe(true);
    });
  });
}
