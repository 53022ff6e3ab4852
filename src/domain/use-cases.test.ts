import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { AppError } from '../shared/app-error.ts';
import { SYSTEM, type Actor } from './actor.ts';
import { addVersion } from './add-version.ts';
import { computeMatrix } from './compute-matrix.ts';
import { createParty } from './create-party.ts';
import { deliverVersion } from './deliver-version.ts';
import { getDraft } from './get-draft.ts';
import { inTransaction } from './in-transaction.ts';
import { publishResponse } from './publish-response.ts';
import { publishVersion } from './publish-version.ts';
import { saveDraftAnswer } from './save-draft-answer.ts';
import { submitResponse } from './submit-response.ts';
import { seedNegotiation } from './test-factories.ts';

const partyB: Actor = { kind: 'party', party: 'b' };
const partyA: Actor = { kind: 'party', party: 'a' };

/** The code of the AppError that `promise` rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected the use case to refuse');
}

for (const dialect of DIALECTS) {
  describe(`use cases on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let dossier: string;
    beforeEach(async () => {
      t = await freshDatabase(dialect);
      ({ dossier } = await seedNegotiation(t.db));
    });
    afterEach(async () => {
      await t.dispose();
    });

    const run = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(t.db, work);
    const matrixAt = (at: string) => run((trx) => computeMatrix({ trx, input: { dossier, at } }));
    const save = (point: string, position: string | null, text?: string, proposedText?: string) =>
      run((trx) =>
        saveDraftAnswer({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            point,
            position: position as never,
            text,
            proposedText,
          },
        }),
      );

    it('shows a fresh delivery as pending, and overdue once the deadline passes with no answer', async () => {
      const before = await matrixAt('2022-01-15T00:00:00Z');
      expect(before.deliveries).toHaveLength(1);
      const d = before.deliveries[0]!;
      expect(d).toMatchObject({
        delivery: 'd1',
        document: 'proposal',
        version: 1,
        from: 'a',
        dueAt: '2022-01-20T17:00:00.000Z',
      });
      // The container art_2 demands no answer; its paragraphs do.
      expect(d.points).toEqual(['art_1', 'art_2__para_1', 'art_2__para_2']);
      expect(d.addressees.map((a) => [a.party, a.status, a.answered, a.total])).toEqual([
        ['b', 'pending', 0, 3],
        ['c', 'pending', 0, 3],
      ]);
      const after = await matrixAt('2022-01-21T00:00:00Z');
      expect(after.deliveries[0]!.addressees.map((a) => a.status)).toEqual(['overdue', 'overdue']);
      const beforeDelivery = await matrixAt('2022-01-10T11:59:59Z');
      expect(beforeDelivery.deliveries).toEqual([]);
    });

    it('refuses an incomplete response unless the caller says partial, then counts it as partial', async () => {
      await save('art_1', 'accept');
      await save('art_2__para_1', 'reject', 'We cannot accept fixed lines.');
      const draft = await run((trx) =>
        getDraft({ trx, actor: partyB, input: { dossier, delivery: 'd1', party: 'b' } }),
      );
      expect(draft.answered).toBe(2);
      expect(draft.total).toBe(3);
      expect(draft.points.find((p) => p.key === 'art_2__para_2')!.needsAnswer).toBe(true);

      expect(
        await codeOf(
          run((trx) =>
            submitResponse({
              trx,
              actor: partyB,
              input: { dossier, delivery: 'd1', party: 'b', submittedAt: '2022-01-15T10:00:00Z' },
            }),
          ),
        ),
      ).toBe('response.incomplete');
      // Nothing was written by the refused submission.
      const none = await t.db.selectFrom('responses').select('id').execute();
      expect(none).toHaveLength(0);

      const partial = await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: { dossier, delivery: 'd1', party: 'b', partial: true, submittedAt: '2022-01-15T10:00:00Z' },
        }),
      );
      expect(partial.unanswered).toEqual(['art_2__para_2']);
      const m = await matrixAt('2022-01-16T00:00:00Z');
      expect(m.deliveries[0]!.addressees[0]).toMatchObject({
        party: 'b',
        status: 'partial',
        answered: 2,
        total: 3,
        response: partial.key,
        submittedAt: '2022-01-15T10:00:00.000Z',
        answers: { art_1: 'accept', art_2__para_1: 'reject', art_2__para_2: null },
      });
      // After the deadline, a partial answer is overdue, with its count still shown.
      const late = await matrixAt('2022-01-21T00:00:00Z');
      expect(late.deliveries[0]!.addressees[0]).toMatchObject({ status: 'overdue', answered: 2, total: 3 });
    });

    it('keeps a superseded response on record and shows each as of its own moment', async () => {
      const first = await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            partial: true,
            submittedAt: '2022-01-15T10:00:00Z',
            answers: [{ point: 'art_1', position: 'accept' }],
          },
        }),
      );
      const second = await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            submittedAt: '2022-01-22T10:00:00Z',
            answers: [
              { point: 'art_1', position: 'accept' },
              {
                point: 'art_2__para_1',
                position: 'counter_proposal',
                text: 'Lines to be agreed.',
                proposedText: 'Lines as in Annex 1.',
              },
              { point: 'art_2__para_2', position: 'clarification_requested', text: 'How far in advance?' },
            ],
          },
        }),
      );
      expect(second.supersedes).toBe(first.key);
      const between = await matrixAt('2022-01-18T00:00:00Z');
      expect(between.deliveries[0]!.addressees[0]).toMatchObject({
        status: 'partial',
        response: first.key,
        answered: 1,
      });
      const after = await matrixAt('2022-01-23T00:00:00Z');
      expect(after.deliveries[0]!.addressees[0]).toMatchObject({
        status: 'answered_late',
        response: second.key,
        answered: 3,
      });
      const rows = await t.db.selectFrom('responses').select('key').execute();
      expect(rows.map((r) => r.key).sort()).toEqual([first.key, second.key].sort());
    });

    it('counts a complete response by the deadline as answered', async () => {
      await save('art_1', 'accept');
      await save(
        'art_2__para_1',
        'accept_with_changes',
        'Agreed with one change.',
        'No deployment beyond the lines of Annex 2.',
      );
      await save('art_2__para_2', 'deferred', 'To be discussed in Geneva.');
      await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: { dossier, delivery: 'd1', party: 'b', submittedAt: '2022-01-19T10:00:00Z' },
        }),
      );
      const m = await matrixAt('2022-02-01T00:00:00Z');
      expect(m.deliveries[0]!.addressees.map((a) => [a.party, a.status])).toEqual([
        ['b', 'answered'],
        ['c', 'overdue'],
      ]);
    });

    it('refuses answers that lack the text their position requires, naming the field', async () => {
      const error = await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            submittedAt: '2022-01-15T10:00:00Z',
            answers: [
              { point: 'art_1', position: 'reject' },
              { point: 'art_2__para_1', position: 'counter_proposal', text: 'No.' },
              { point: 'art_9', position: 'accept' },
            ],
          },
        }),
      ).catch((e: unknown) => e as AppError);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).problems).toEqual([
        { path: 'answers[0].text', message: 'is required when the position is reject' },
        { path: 'answers[1].proposedText', message: 'is required when the position is counter_proposal' },
        { path: 'answers[2].point', message: 'the delivered version has no point "art_9"' },
      ]);
    });

    it('lets only addressees answer, and each party only in its own name', async () => {
      await run((trx) => createParty({ trx, actor: SYSTEM, input: { dossier, key: 'd', name: 'Party D' } }));
      expect(
        await codeOf(
          run((trx) =>
            saveDraftAnswer({
              trx,
              actor: { kind: 'party', party: 'd' },
              input: { dossier, delivery: 'd1', party: 'd', point: 'art_1', position: 'accept' },
            }),
          ),
        ),
      ).toBe('response.not_addressee');
      expect(
        await codeOf(
          run((trx) =>
            saveDraftAnswer({
              trx,
              actor: partyB,
              input: { dossier, delivery: 'd1', party: 'c', point: 'art_1', position: 'accept' },
            }),
          ),
        ),
      ).toBe('actor.forbidden');
      expect(
        await codeOf(
          run((trx) =>
            submitResponse({
              trx,
              actor: partyB,
              input: { dossier, delivery: 'd1', party: 'c', partial: true },
            }),
          ),
        ),
      ).toBe('actor.forbidden');
      expect(
        await codeOf(
          run((trx) => getDraft({ trx, actor: partyB, input: { dossier, delivery: 'd1', party: 'c' } })),
        ),
      ).toBe('actor.forbidden');
    });

    it('refuses a stale draft save and keeps every revision', async () => {
      const first = await save('art_1', 'reject', 'No');
      expect(first.revision).toBe(1);
      const second = await run((trx) =>
        saveDraftAnswer({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            point: 'art_1',
            position: 'reject',
            text: 'No, because…',
            expectedRevision: 1,
          },
        }),
      );
      expect(second.revision).toBe(2);
      expect(
        await codeOf(
          run((trx) =>
            saveDraftAnswer({
              trx,
              actor: partyB,
              input: {
                dossier,
                delivery: 'd1',
                party: 'b',
                point: 'art_1',
                position: 'accept',
                expectedRevision: 1,
              },
            }),
          ),
        ),
      ).toBe('draft.conflict');
      const revisions = await t.db
        .selectFrom('draft_answers')
        .select(['revision', 'text'])
        .orderBy('revision')
        .execute();
      expect(revisions).toEqual([
        { revision: 1, text: 'No' },
        { revision: 2, text: 'No, because…' },
      ]);
      // Clearing a point is a revision too.
      await save('art_1', null);
      const draft = await run((trx) =>
        getDraft({ trx, actor: partyB, input: { dossier, delivery: 'd1', party: 'b' } }),
      );
      expect(draft.points.find((p) => p.key === 'art_1')).toMatchObject({
        answer: null,
        revision: 3,
        needsAnswer: true,
      });
    });

    it('carries answers over to a revised version only where the text did not change', async () => {
      await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            submittedAt: '2022-01-15T10:00:00Z',
            answers: [
              { point: 'art_1', position: 'accept' },
              { point: 'art_2__para_1', position: 'reject', text: 'No fixed lines.' },
              { point: 'art_2__para_2', position: 'accept' },
            ],
          },
        }),
      );
      await run(async (trx) => {
        await addVersion({
          trx,
          actor: partyA,
          input: {
            dossier,
            document: 'proposal',
            createdAt: '2022-01-25T09:00:00Z',
            points: [
              { key: 'art_1', label: 'Article 1', text: 'The parties shall cooperate.' },
              {
                key: 'art_2',
                label: 'Article 2',
                heading: 'Forces',
                points: [
                  { key: 'art_2__para_1', label: '2(1)', text: 'No deployment beyond lines agreed by 2023.' },
                  { key: 'art_2__para_2', label: '2(2)', text: 'Exercises are notified in advance.' },
                ],
              },
              { key: 'art_3', label: 'Article 3', text: 'A joint commission meets twice a year.' },
            ],
          },
        });
        await deliverVersion({
          trx,
          actor: partyA,
          input: {
            dossier,
            key: 'd2',
            document: 'proposal',
            version: 2,
            to: ['b'],
            deliveredAt: '2022-01-26T09:00:00Z',
            demand: { dueAt: '2022-02-05T17:00:00Z' },
          },
        });
      });
      const draft = await run((trx) =>
        getDraft({ trx, actor: partyB, input: { dossier, delivery: 'd2', party: 'b' } }),
      );
      expect(draft.basedOn).toMatchObject({ kind: 'earlier_version', version: 1 });
      const view = Object.fromEntries(
        draft.points.map((p) => [p.key, [p.change, p.carried, p.answer?.position ?? null, p.needsAnswer]]),
      );
      expect(view).toEqual({
        art_1: ['unchanged', true, 'accept', false],
        art_2: ['unchanged', false, null, false],
        art_2__para_1: ['changed', false, null, true],
        art_2__para_2: ['unchanged', true, 'accept', false],
        art_3: ['new', false, null, true],
      });
      // Submitting the draft records carried answers as carried.
      await save2(run, dossier, 'art_2__para_1', 'accept');
      await save2(run, dossier, 'art_3', 'accept');
      const submitted = await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: { dossier, delivery: 'd2', party: 'b', submittedAt: '2022-01-27T10:00:00Z' },
        }),
      );
      const answers = await t.db
        .selectFrom('answers')
        .innerJoin('responses', 'responses.id', 'answers.response_id')
        .select(['answers.point_key', 'answers.carried'])
        .where('responses.key', '=', submitted.key)
        .orderBy('answers.ordinal')
        .execute();
      expect(answers).toEqual([
        { point_key: 'art_1', carried: 1 },
        { point_key: 'art_2__para_1', carried: 0 },
        { point_key: 'art_2__para_2', carried: 1 },
        { point_key: 'art_3', carried: 0 },
      ]);
    });

    it('lets only the author publish, once', async () => {
      expect(
        await codeOf(
          run((trx) =>
            publishVersion({ trx, actor: partyB, input: { dossier, document: 'proposal', version: 1 } }),
          ),
        ),
      ).toBe('publication.not_author');
      await run((trx) =>
        publishVersion({
          trx,
          actor: partyA,
          input: { dossier, document: 'proposal', version: 1, publishedAt: '2022-01-12T10:00:00Z' },
        }),
      );
      expect(
        await codeOf(
          run((trx) =>
            publishVersion({ trx, actor: partyA, input: { dossier, document: 'proposal', version: 1 } }),
          ),
        ),
      ).toBe('publication.exists');
      const r = await run((trx) =>
        submitResponse({
          trx,
          actor: partyB,
          input: {
            dossier,
            delivery: 'd1',
            party: 'b',
            partial: true,
            submittedAt: '2022-01-15T10:00:00Z',
            answers: [],
          },
        }),
      );
      expect(
        await codeOf(
          run((trx) => publishResponse({ trx, actor: partyA, input: { dossier, response: r.key } })),
        ),
      ).toBe('publication.not_author');
      expect(
        await codeOf(
          run((trx) =>
            publishResponse({
              trx,
              actor: partyB,
              input: { dossier, response: r.key, publishedAt: '2022-01-14T00:00:00Z' },
            }),
          ),
        ),
      ).toBe('publication.invalid');
      await run((trx) => publishResponse({ trx, actor: partyB, input: { dossier, response: r.key } }));
      expect(
        await codeOf(
          run((trx) => publishResponse({ trx, actor: partyB, input: { dossier, response: r.key } })),
        ),
      ).toBe('publication.exists');
    });

    it('refuses deliveries that break the rules, naming each field', async () => {
      const error = await run((trx) =>
        deliverVersion({
          trx,
          actor: partyA,
          input: {
            dossier,
            document: 'proposal',
            version: 1,
            to: ['a', 'zz', 'b', 'b'],
            deliveredAt: '2022-01-01T00:00:00Z',
            demand: { dueAt: '2021-12-31T00:00:00Z' },
          },
        }),
      ).catch((e: unknown) => e as AppError);
      expect((error as AppError).code).toBe('delivery.invalid');
      expect((error as AppError).problems.map((p) => p.path)).toEqual([
        'to[0]',
        'to[1]',
        'to[3]',
        'deliveredAt',
        'demand.dueAt',
      ]);
      expect(
        await codeOf(
          run((trx) =>
            deliverVersion({
              trx,
              actor: partyB,
              input: { dossier, document: 'proposal', version: 1, to: ['c'] },
            }),
          ),
        ),
      ).toBe('actor.forbidden');
    });

    it('writes nothing when a transaction fails half-way', async () => {
      const before = await t.db.selectFrom('parties').select('key').execute();
      await expect(
        run(async (trx) => {
          await createParty({ trx, actor: SYSTEM, input: { dossier, key: 'x', name: 'X' } });
          await createParty({ trx, actor: SYSTEM, input: { dossier, key: 'x', name: 'X again' } });
        }),
      ).rejects.toThrow(/already exists/);
      expect(await t.db.selectFrom('parties').select('key').execute()).toEqual(before);
    });

    it('has a database that refuses to update or delete recorded history', async () => {
      await expect(sql`update parties set name = 'Renamed'`.execute(t.db)).rejects.toThrow(/insert-only/);
      await expect(sql`delete from deliveries`.execute(t.db)).rejects.toThrow(/insert-only/);
      await expect(sql`delete from points`.execute(t.db)).rejects.toThrow(/insert-only/);
      const names = await t.db.selectFrom('parties').select('name').orderBy('key').execute();
      expect(names.map((n) => n.name)).toEqual(['Party A', 'Party B', 'Party C']);
    });
  });
}

async function save2(
  run: <T>(work: Parameters<typeof inTransaction<T>>[1]) => Promise<T>,
  dossier: string,
  point: string,
  position: 'accept',
) {
  await run((trx) =>
    saveDraftAnswer({
      trx,
      actor: { kind: 'party', party: 'b' },
      input: { dossier, delivery: 'd2', party: 'b', point, position },
    }),
  );
}
