import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { exportDossier } from '../dossier-file/export-dossier.ts';
import { addVersion } from './add-version.ts';
import { computeMatrix } from './compute-matrix.ts';
import { getDocument } from './get-document.ts';
import { inTransaction } from './in-transaction.ts';
import { listDeliveries } from './list-deliveries.ts';
import { listDossiers } from './list-dossiers.ts';
import { listResponses } from './list-responses.ts';
import { publishVersion } from './publish-version.ts';
import { submitResponse } from './submit-response.ts';
import { seedNegotiation } from './test-factories.ts';
import { VISITOR, type Viewer } from './visibility.ts';

/** The read use cases with a viewer: each party reads what DESIGN.md rule 1 lets it, counts included. */
for (const dialect of DIALECTS) {
  describe(`reading as a party on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let as: (party: string) => Viewer;
    beforeEach(async () => {
      t = await freshDatabase(dialect);
      const { dossier } = await seedNegotiation(t.db);
      await inTransaction(t.db, async (trx) => {
        await submitResponse({
          trx,
          actor: { kind: 'party', party: 'c' },
          input: {
            dossier,
            delivery: 'd1',
            party: 'c',
            submittedAt: '2022-01-15T00:00:00Z',
            partial: true,
            answers: [{ point: 'art_1', position: 'accept' }],
          },
        });
        // A second version, not delivered: a's draft.
        await addVersion({
          trx,
          actor: { kind: 'party', party: 'a' },
          input: {
            dossier,
            document: 'proposal',
            createdAt: '2022-01-16T00:00:00Z',
            points: [{ key: 'art_1', label: 'Article 1', text: 'Changed.' }],
          },
        });
      });
      const ids = new Map(
        (await t.db.selectFrom('parties').select(['id', 'key']).execute()).map((p) => [p.key, p.id]),
      );
      as = (party) => ({ partyIds: [ids.get(party)!] });
    });
    afterEach(async () => {
      await t.dispose();
    });
    const read = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(t.db, work);

    it('shows the author every column of the matrix, an addressee its own, anyone else nothing', async () => {
      const columns = async (viewer: Viewer | undefined) =>
        (
          await read((trx) =>
            computeMatrix({ trx, viewer, input: { dossier: 'talks', at: '2022-01-21T00:00:00Z' } }),
          )
        ).deliveries.map((d) => d.addressees.map((a) => `${a.party}:${a.status}`));
      expect(await columns(undefined)).toEqual([['b:overdue', 'c:overdue']]);
      expect(await columns(as('a'))).toEqual([['b:overdue', 'c:overdue']]);
      expect(await columns(as('b'))).toEqual([['b:overdue']]);
      expect(await columns(as('c'))).toEqual([['c:overdue']]);
      // A visitor does not even learn that the dossier exists while nothing in it is published.
      await expect(
        read((trx) => computeMatrix({ trx, viewer: VISITOR, input: { dossier: 'talks' } })),
      ).rejects.toThrow('no dossier "talks"');
    });

    it("hides a party's undelivered version, and submitted responses from other addressees, in lists, counts and exports", async () => {
      expect(
        (
          await read((trx) =>
            getDocument({ trx, viewer: as('b'), input: { dossier: 'talks', document: 'proposal' } }),
          )
        ).versions.map((v) => v.number),
      ).toEqual([1]);
      expect(
        (
          await read((trx) =>
            getDocument({ trx, viewer: as('a'), input: { dossier: 'talks', document: 'proposal' } }),
          )
        ).versions.map((v) => v.number),
      ).toEqual([1, 2]);
      expect(
        await read((trx) => listResponses({ trx, viewer: as('b'), input: { dossier: 'talks' } })),
      ).toEqual([]);
      expect(
        (await read((trx) => listResponses({ trx, viewer: as('a'), input: { dossier: 'talks' } }))).map(
          (r) => r.party,
        ),
      ).toEqual(['c']);
      expect(await read((trx) => listDossiers({ trx, viewer: as('b') }))).toMatchObject([
        { key: 'talks', documents: 1, deliveries: 1, responses: 0 },
      ]);
      expect(await read((trx) => listDossiers({ trx, viewer: VISITOR }))).toEqual([]);

      const forB = await read((trx) => exportDossier({ trx, dossier: 'talks', viewer: as('b') }));
      expect(forB.documents![0]!.versions.map((v) => v.number)).toEqual([1]);
      expect(forB.responses).toEqual([]);
      const forC = await read((trx) => exportDossier({ trx, dossier: 'talks', viewer: as('c') }));
      expect(forC.responses!.map((r) => r.party)).toEqual(['c']);
    });

    it('lets everyone read a version once it is published, but not the deliveries of it', async () => {
      await read((trx) =>
        publishVersion({
          trx,
          actor: { kind: 'party', party: 'a' },
          input: { dossier: 'talks', document: 'proposal', version: 1, publishedAt: '2022-01-17T00:00:00Z' },
        }),
      );
      const doc = await read((trx) =>
        getDocument({ trx, viewer: VISITOR, input: { dossier: 'talks', document: 'proposal' } }),
      );
      expect(doc.versions.map((v) => [v.number, v.publishedAt])).toEqual([[1, '2022-01-17T00:00:00.000Z']]);
      expect(
        await read((trx) => listDeliveries({ trx, viewer: VISITOR, input: { dossier: 'talks' } })),
      ).toEqual([]);
      expect(await read((trx) => listDossiers({ trx, viewer: VISITOR }))).toMatchObject([
        { key: 'talks', documents: 1, deliveries: 0, responses: 0 },
      ]);
    });
  });
}
