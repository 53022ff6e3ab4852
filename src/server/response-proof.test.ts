import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { openCheckpoint } from '../ledger/checkpoint.ts';
import { logOrigin } from '../ledger/ledger-key.ts';
import { entryLeafHash } from '../ledger/ledger-entry.ts';
import { verifyInclusion } from '../ledger/merkle-verify.ts';
import { parseVerifierKey } from '../ledger/note-keys.ts';
import { signCheckpoints } from '../ledger/sign-checkpoints.ts';
import { ResponseProof } from '../shared/api.ts';
import { signedIn, worldApp, WORLD_SIGNER } from './test-world.ts';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const PROOF = (response: string) => `/api/v1/dossiers/talks/responses/${response}/proof`;

/** Checks a proof line as someone holding only it and the server's verifier key would. */
function verifies(proof: ResponseProof): boolean {
  const { checkpoint } = openCheckpoint(
    proof.checkpoint!.note,
    [parseVerifierKey(WORLD_SIGNER.verifierKey)],
    logOrigin(WORLD_SIGNER.name, 'talks'),
  );
  return (
    checkpoint.size === proof.checkpoint!.size &&
    Buffer.from(checkpoint.rootHash).toString('hex') === proof.checkpoint!.rootHash &&
    verifyInclusion({
      leafHash: hex(proof.entry.leafHash),
      index: proof.entry.index,
      size: checkpoint.size,
      proof: proof.proof!.map(hex),
      root: checkpoint.rootHash,
    })
  );
}

for (const dialect of DIALECTS) {
  describe(`a response's proof line on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    beforeAll(async () => {
      world = await worldApp(dialect);
    });
    afterAll(async () => {
      await world?.dispose();
    });

    it('gives the entry, the first checkpoint that includes it, and a proof that verifies', async () => {
      const a = await signedIn(world.app, 'aLead');
      const r = await a({ method: 'GET', url: PROOF('rc2') });
      expect(r.statusCode).toBe(200);
      const proof = ResponseProof.parse(r.json());
      expect(proof.response).toBe('rc2');
      expect(proof.checkpoint).not.toBeNull();
      expect(verifies(proof)).toBe(true);
      // The leaf is the hash of the entry the ledger shows for that index.
      const entries = await a({
        method: 'GET',
        url: `/api/v1/dossiers/talks/ledger/entries?from=${proof.entry.index}&to=${proof.entry.index + 1}`,
      });
      const [shown] = entries.json().entries;
      expect(shown.entry.type).toBe('response.submitted');
      expect(shown.entry.subject).toBe('rc2');
      expect(Buffer.from(entryLeafHash(shown.entry)).toString('hex')).toBe(proof.entry.leafHash);
      // A proof with one hash changed does not verify.
      const tampered = {
        ...proof,
        proof: proof.proof!.map((h, i) => (i === 0 ? h.replace(/^./, (c) => (c === '0' ? '1' : '0')) : h)),
      };
      expect(verifies(tampered)).toBe(false);
    });

    it('says so while no checkpoint includes the response, and proves it once one is signed', async () => {
      const c = await signedIn(world.app, 'cLead');
      const submitted = await c({
        method: 'POST',
        url: '/api/v1/dossiers/talks/deliveries/d1/responses',
        payload: { key: 'rc-late', partial: true, answers: [{ point: 'art_1', position: 'accept' }] },
      });
      expect(submitted.statusCode).toBe(201);
      const before = ResponseProof.parse((await c({ method: 'GET', url: PROOF('rc-late') })).json());
      expect(before.checkpoint).toBeNull();
      expect(before.proof).toBeNull();
      await signCheckpoints({ db: world.t.db, signer: WORLD_SIGNER });
      const after = ResponseProof.parse((await c({ method: 'GET', url: PROOF('rc-late') })).json());
      expect(after.entry).toEqual(before.entry);
      expect(after.checkpoint!.size).toBe(after.entry.index + 1);
      expect(verifies(after)).toBe(true);
    });

    it('is for those who may read the response, and 404 alike for hidden and missing', async () => {
      const b = await signedIn(world.app, 'bLead');
      const visitor = await signedIn(world.app, 'visitor');
      // rc1 is published; rc2 is c's, to a's delivery, not published.
      expect((await visitor({ method: 'GET', url: PROOF('rc1') })).statusCode).toBe(200);
      const hidden = await b({ method: 'GET', url: PROOF('rc2') });
      const missing = await b({ method: 'GET', url: PROOF('nowhere') });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().code).toBe('response.not_found');
      expect(hidden.body.replaceAll('rc2', 'X')).toBe(missing.body.replaceAll('nowhere', 'X'));
      expect((await visitor({ method: 'GET', url: PROOF('rc2') })).statusCode).toBe(404);
    });
  });
}
