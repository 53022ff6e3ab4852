import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { AppError } from '../shared/app-error.ts';
import { SYSTEM, type Actor } from './actor.ts';
import { addVersion } from './add-version.ts';
import { arrangeMeeting } from './arrange-meeting.ts';
import { computeStats } from './compute-stats.ts';
import { computeTimeline, type ComputeTimelineInput } from './compute-timeline.ts';
import { createDocument } from './create-document.ts';
import { createPerson } from './create-person.ts';
import { inTransaction } from './in-transaction.ts';
import { listLedgerEntries } from './read-ledger.ts';
import { listLinks } from './list-links.ts';
import { listMeetings } from './list-meetings.ts';
import { listStatements } from './list-statements.ts';
import { publishMeeting } from './publish-meeting.ts';
import { publishVersion } from './publish-version.ts';
import { recordLink } from './record-link.ts';
import { recordMeetingNotes } from './record-meeting-notes.ts';
import { recordStatement } from './record-statement.ts';
import { replyToMeetingRequest } from './reply-to-meeting-request.ts';
import { requestMeeting } from './request-meeting.ts';
import { submitResponse } from './submit-response.ts';
import { seedNegotiation, PROPOSAL_V1 } from './test-factories.ts';
import { VISITOR, type Viewer } from './visibility.ts';

const as = (party: string): Actor => ({ kind: 'party', party });

/** The code and problems of the AppError that `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; problems: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, problems: error.problems.map((p) => `${p.path}: ${p.message}`) };
    throw error;
  }
  throw new Error('expected the use case to refuse');
}

for (const dialect of DIALECTS) {
  // One story, built once per database: a proposal from a to b and c (due 2022-01-20T17:00Z), b
  // answers in full on time, c never does; b asks a and c for talks, a accepts, c declines; a
  // second document of a repeats the point key art_1; statements and links about all of it.
  describe(`meetings, statements, links, timeline and stats on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let dossier: string;
    const viewer: Record<string, Viewer> = {};
    const run = <T>(work: Parameters<typeof inTransaction<T>>[1]) => inTransaction(t.db, work);

    beforeAll(async () => {
      t = await freshDatabase(dialect);
      ({ dossier } = await seedNegotiation(t.db));
      for (const p of await t.db.selectFrom('parties').select(['id', 'key']).execute())
        viewer[p.key] = { partyIds: [p.id] };
      await run(async (trx) => {
        await createDocument({
          trx,
          actor: SYSTEM,
          input: { dossier, key: 'annex', kind: 'note', author: 'a', title: 'Annex' },
        });
        await addVersion({
          trx,
          actor: SYSTEM,
          input: { dossier, document: 'annex', createdAt: '2022-01-09T10:00:00Z', points: PROPOSAL_V1 },
        });
        await createPerson({
          trx,
          actor: SYSTEM,
          input: { dossier, key: 'envoy', name: 'B. Envoy', title: 'Envoy', party: 'b' },
        });
        await createPerson({
          trx,
          actor: SYSTEM,
          input: { dossier, key: 'chief', name: 'A. Chief', title: 'Negotiator', party: 'a' },
        });
        await submitResponse({
          trx,
          actor: as('b'),
          input: {
            dossier,
            key: 'rb',
            delivery: 'd1',
            party: 'b',
            submittedAt: '2022-01-15T10:00:00Z',
            answers: [
              { point: 'art_1', position: 'accept' },
              { point: 'art_2__para_1', position: 'reject', text: 'No.' },
              { point: 'art_2__para_2', position: 'accept' },
            ],
          },
        });
        await requestMeeting({
          trx,
          actor: as('b'),
          input: {
            dossier,
            key: 'talks-1',
            title: 'First round',
            kind: 'talks',
            requestedBy: 'b',
            requestedAt: '2022-01-11T08:00:00Z',
            requestedOf: ['a', 'c'],
          },
        });
        await replyToMeetingRequest({
          trx,
          actor: as('a'),
          input: {
            dossier,
            meeting: 'talks-1',
            party: 'a',
            reply: 'accepted',
            repliedAt: '2022-01-11T20:00:00Z',
          },
        });
        await replyToMeetingRequest({
          trx,
          actor: as('c'),
          input: {
            dossier,
            meeting: 'talks-1',
            party: 'c',
            reply: 'declined',
            repliedAt: '2022-01-12T08:00:00Z',
          },
        });
        await arrangeMeeting({
          trx,
          actor: as('a'),
          input: {
            dossier,
            key: 'talks-1',
            place: 'Vienna',
            startsAt: '2022-01-13T09:00:00Z',
            participants: ['a', 'envoy'],
            agenda: ['d1', { document: 'proposal', point: 'art_2__para_1' }],
          },
        });
        await recordMeetingNotes({
          trx,
          actor: as('a'),
          input: { dossier, meeting: 'talks-1', notes: 'Agreed to disagree.' },
        });
        await recordStatement({
          trx,
          actor: SYSTEM,
          input: {
            dossier,
            key: 's1',
            speaker: 'envoy',
            speakerTitle: 'Special Envoy',
            saidAt: '2022-01-14T12:00:00Z',
            medium: 'press_conference',
            quote: 'We will never accept 2(1).',
            about: [{ document: 'proposal', point: 'art_2__para_1' }, 'talks-1', 'd1'],
          },
        });
        await recordStatement({
          trx,
          actor: SYSTEM,
          input: {
            dossier,
            key: 's2',
            speaker: 'chief',
            saidAt: '2022-01-21T12:00:00Z',
            medium: 'interview',
            summary: 'Reported: c is late.',
            about: ['c'],
          },
        });
        // Something public, so that visitors see the dossier at all.
        await publishVersion({
          trx,
          actor: SYSTEM,
          input: { dossier, document: 'annex', version: 1, publishedAt: '2022-01-16T09:00:00Z' },
        });
        await recordLink({
          trx,
          actor: SYSTEM,
          input: { dossier, from: 's1', to: 'talks-1', type: 'mentions' },
        });
        await recordLink({ trx, actor: SYSTEM, input: { dossier, from: 's2', to: 'rb', type: 'related' } });
      });
    });
    afterAll(async () => {
      await t.dispose();
    });

    const timeline = (input: Omit<ComputeTimelineInput, 'dossier'>, v?: Viewer) =>
      run((trx) => computeTimeline({ trx, viewer: v, input: { dossier, ...input } }));
    const kinds = async (input: Omit<ComputeTimelineInput, 'dossier'>, v?: Viewer) =>
      (await timeline(input, v)).entries.map((e) => `${e.at.slice(0, 16)} ${e.kind} ${e.subject.key}`);

    it('records each step of a meeting as its own row and ledger entry, and refuses to change them', async () => {
      const types = await t.db
        .selectFrom('ledger_entries')
        .select('type')
        .where('type', 'like', 'meeting.%')
        .orderBy('leaf_index')
        .execute();
      expect(types.map((r) => r.type)).toEqual([
        'meeting.requested',
        'meeting.accepted',
        'meeting.declined',
        'meeting.arranged',
        'meeting.notes_recorded',
      ]);
      for (const table of ['meeting_replies', 'statements', 'item_refs', 'links']) {
        await expect(sql`delete from ${sql.table(table)}`.execute(t.db)).rejects.toThrow(/insert-only/);
      }
      await expect(sql`update meetings set title = 'x'`.execute(t.db)).rejects.toThrow(/insert-only/);
    });

    it('refuses replies from parties not asked, second replies, and parties acting for others', async () => {
      const reply = (actor: Actor, party: string) =>
        run((trx) =>
          replyToMeetingRequest({
            trx,
            actor,
            input: { dossier, meeting: 'talks-1', party, reply: 'accepted' },
          }),
        );
      expect(await refusal(reply(as('b'), 'b'))).toEqual({
        code: 'input.invalid',
        problems: ['party: party "b" was not asked for meeting "talks-1"'],
      });
      expect((await refusal(reply(as('a'), 'a'))).problems).toEqual([
        'party: party "a" already replied (accepted); a reply is given once',
      ]);
      expect((await refusal(reply(as('a'), 'c'))).code).toBe('actor.forbidden');
    });

    it('refuses to arrange a meeting every party asked declined', async () => {
      await run((trx) =>
        requestMeeting({
          trx,
          actor: as('c'),
          input: {
            dossier,
            key: 'ask-2',
            title: 'Consultation',
            kind: 'consultation',
            requestedBy: 'c',
            requestedOf: ['a'],
          },
        }),
      );
      await run((trx) =>
        replyToMeetingRequest({
          trx,
          actor: as('a'),
          input: { dossier, meeting: 'ask-2', party: 'a', reply: 'declined' },
        }),
      );
      const arranged = run((trx) =>
        arrangeMeeting({ trx, actor: SYSTEM, input: { dossier, key: 'ask-2', participants: ['a', 'c'] } }),
      );
      expect((await refusal(arranged)).problems).toEqual(['key: every party asked declined meeting "ask-2"']);
    });

    it('shows a meeting to the parties involved, and its notes to participants only, until published', async () => {
      const seen = async (v: Viewer) =>
        (await run((trx) => listMeetings({ trx, viewer: v, input: { dossier, meeting: 'talks-1' } }))).map(
          (m) => ({
            key: m.key,
            notes: m.notes,
          }),
        );
      expect(await seen(viewer.a!)).toEqual([{ key: 'talks-1', notes: 'Agreed to disagree.' }]);
      // b asked (and takes part through its envoy); c was asked and declined: it sees the meeting, not the notes.
      expect(await seen(viewer.b!)).toEqual([{ key: 'talks-1', notes: 'Agreed to disagree.' }]);
      expect(await seen(viewer.c!)).toEqual([{ key: 'talks-1', notes: null }]);
      expect(await seen(VISITOR)).toEqual([]);
      await run((trx) =>
        publishMeeting({
          trx,
          actor: as('a'),
          input: { dossier, meeting: 'talks-1', subject: 'meeting', publishedAt: '2022-01-13T12:00:00Z' },
        }),
      );
      expect(await seen(VISITOR)).toEqual([{ key: 'talks-1', notes: null }]);
      await run((trx) =>
        publishMeeting({
          trx,
          actor: as('a'),
          input: { dossier, meeting: 'talks-1', subject: 'notes', publishedAt: '2022-01-14T12:00:00Z' },
        }),
      );
      expect(await seen(VISITOR)).toEqual([{ key: 'talks-1', notes: 'Agreed to disagree.' }]);
      const again = run((trx) =>
        publishMeeting({ trx, actor: as('a'), input: { dossier, meeting: 'talks-1', subject: 'notes' } }),
      );
      expect((await refusal(again)).code).toBe('publication.exists');
    });

    it('keeps the speaker as they were, and attaches a statement to the exact point', async () => {
      const [s1] = await run((trx) =>
        listStatements({ trx, input: { dossier, about: { document: 'proposal', point: 'art_2__para_1' } } }),
      );
      expect(s1).toMatchObject({
        key: 's1',
        speaker: { key: 'envoy', name: 'B. Envoy', title: 'Special Envoy', party: 'b' },
        about: [
          { kind: 'point', key: 'art_2__para_1', document: 'proposal' },
          { kind: 'meeting', key: 'talks-1' },
          { kind: 'delivery', key: 'd1' },
        ],
      });
      // The same point key in another document has no statement.
      expect(
        await run((trx) =>
          listStatements({ trx, input: { dossier, about: { document: 'annex', point: 'art_2__para_1' } } }),
        ),
      ).toEqual([]);
      // A bare key that names a point of two documents must be written in full.
      const ambiguous = run((trx) =>
        recordStatement({
          trx,
          actor: SYSTEM,
          input: {
            dossier,
            key: 's9',
            speaker: 'envoy',
            saidAt: '2022-01-14T12:00:00Z',
            medium: 'written',
            quote: 'x',
            about: ['art_1', 'nowhere'],
          },
        }),
      );
      expect((await refusal(ambiguous)).problems).toEqual([
        'about[0]: "art_1" names a point of "annex" and a point of "proposal"; write {"document":"annex","point":"art_1"} or {"document":"proposal","point":"art_1"}',
        'about[1]: no party, person, document, point, delivery, response or meeting "nowhere" in this dossier',
      ]);
      const noWords = run((trx) =>
        recordStatement({
          trx,
          actor: SYSTEM,
          input: { dossier, key: 's9', speaker: 'envoy', saidAt: '2022-01-14T12:00:00Z', medium: 'written' },
        }),
      );
      expect((await refusal(noWords)).problems).toEqual([
        'quote: is required unless there is a summary (reported speech)',
      ]);
    });

    it('resolves what a party writes about among what it may see: a hidden item reads as no item', async () => {
      const about = (key: string) =>
        run((trx) =>
          recordStatement({
            trx,
            actor: as('c'),
            viewer: viewer.c,
            input: {
              dossier,
              key: 's-c',
              speaker: 'chief',
              saidAt: '2022-01-22T12:00:00Z',
              medium: 'written',
              quote: 'x',
              about: [key],
            },
          }),
        );
      // rb is b's response, which c may not see.
      const hidden = await refusal(about('rb'));
      const missing = await refusal(about('nothing-here'));
      expect(hidden.problems[0]!.replace('rb', 'KEY')).toBe(
        missing.problems[0]!.replace('nothing-here', 'KEY'),
      );
    });

    it('shows a link from both ends, and hides one whose other end the viewer may not see', async () => {
      const linksOf = (item: string, v?: Viewer) =>
        run((trx) => listLinks({ trx, viewer: v, input: { dossier, item } }));
      expect(await linksOf('talks-1')).toEqual([
        { type: 'mentions', from: { kind: 'statement', key: 's1' }, to: { kind: 'meeting', key: 'talks-1' } },
      ]);
      expect(await linksOf('s1')).toEqual(await linksOf('talks-1'));
      // rb is b's response: a (who delivered) and b see the link; c does not, nor does a visitor.
      expect(await linksOf('s2', viewer.a)).toHaveLength(1);
      expect(await linksOf('s2', viewer.c)).toEqual([]);
      expect(await linksOf('s2', VISITOR)).toEqual([]);
    });

    it('tells the story in order, with deadlines met and passed without an answer', async () => {
      expect(await kinds({ at: '2022-02-01T00:00:00Z' })).toEqual([
        '2022-01-09T09:00 version proposal',
        '2022-01-09T10:00 version annex',
        '2022-01-10T12:00 delivery d1',
        '2022-01-11T08:00 meeting_requested talks-1',
        '2022-01-11T20:00 meeting_accepted talks-1',
        '2022-01-12T08:00 meeting_declined talks-1',
        '2022-01-13T09:00 meeting talks-1',
        '2022-01-13T12:00 meeting_announced talks-1',
        '2022-01-14T12:00 meeting_notes_published talks-1',
        '2022-01-14T12:00 statement s1',
        '2022-01-15T10:00 response rb',
        '2022-01-16T09:00 publication annex',
        '2022-01-20T17:00 deadline_met d1',
        '2022-01-20T17:00 deadline_missed d1',
        '2022-01-21T12:00 statement s2',
      ]);
      const missed = (await timeline({ at: '2022-02-01T00:00:00Z', kinds: ['deadline_missed'] })).entries;
      expect(missed.map((e) => [e.title, e.parties])).toEqual([
        ['The deadline for c to answer d1 (proposal v1) passed without an answer', ['c', 'a']],
      ]);
    });

    it('is asked as of any past moment, and filtered by party, kind, point and period', async () => {
      expect(await kinds({ at: '2022-01-11T12:00:00Z' })).toEqual([
        '2022-01-09T09:00 version proposal',
        '2022-01-09T10:00 version annex',
        '2022-01-10T12:00 delivery d1',
        '2022-01-11T08:00 meeting_requested talks-1',
      ]);
      const past = await timeline({ at: '2022-01-13T10:00:00Z', kinds: ['meeting'] });
      // The statement that mentions the meeting came later: not linked as of then.
      expect(past.entries[0]!.links).toEqual([]);
      const now = await timeline({ kinds: ['meeting'] });
      expect(now.entries[0]!.links).toEqual([
        { type: 'mentions', direction: 'from', item: { kind: 'statement', key: 's1' } },
      ]);

      expect(await kinds({ at: '2022-02-01T00:00:00Z', party: 'c' })).toEqual([
        '2022-01-10T12:00 delivery d1',
        '2022-01-11T08:00 meeting_requested talks-1',
        '2022-01-12T08:00 meeting_declined talks-1',
        '2022-01-20T17:00 deadline_missed d1',
        '2022-01-21T12:00 statement s2',
      ]);
      expect(
        await kinds({ at: '2022-02-01T00:00:00Z', point: { document: 'proposal', point: 'art_2__para_1' } }),
      ).toEqual([
        '2022-01-09T09:00 version proposal',
        '2022-01-10T12:00 delivery d1',
        '2022-01-11T08:00 meeting_requested talks-1',
        '2022-01-11T20:00 meeting_accepted talks-1',
        '2022-01-12T08:00 meeting_declined talks-1',
        '2022-01-13T09:00 meeting talks-1',
        '2022-01-13T12:00 meeting_announced talks-1',
        '2022-01-14T12:00 meeting_notes_published talks-1',
        '2022-01-14T12:00 statement s1',
        '2022-01-15T10:00 response rb',
        '2022-01-20T17:00 deadline_met d1',
        '2022-01-20T17:00 deadline_missed d1',
      ]);
      expect(
        await kinds({
          from: '2022-01-13T00:00:00Z',
          to: '2022-01-15T00:00:00Z',
          kinds: ['statement', 'meeting'],
        }),
      ).toEqual(['2022-01-13T09:00 meeting talks-1', '2022-01-14T12:00 statement s1']);
    });

    it('applies visibility to every entry', async () => {
      const at = '2022-02-01T00:00:00Z';
      // c sees its own delivery and deadline, not b's response, b's deadline, nor the link to b's response.
      expect(
        await kinds({ at, kinds: ['delivery', 'response', 'deadline_met', 'deadline_missed'] }, viewer.c),
      ).toEqual(['2022-01-10T12:00 delivery d1', '2022-01-20T17:00 deadline_missed d1']);
      expect(await kinds({ at, kinds: ['response', 'deadline_met', 'deadline_missed'] }, viewer.b)).toEqual([
        '2022-01-15T10:00 response rb',
        '2022-01-20T17:00 deadline_met d1',
      ]);
      // A visitor sees no unpublished version, no delivery, no unannounced request; only public things.
      expect(await kinds({ at }, VISITOR)).toEqual([
        '2022-01-09T10:00 version annex',
        '2022-01-11T08:00 meeting_requested talks-1',
        '2022-01-11T20:00 meeting_accepted talks-1',
        '2022-01-12T08:00 meeting_declined talks-1',
        '2022-01-13T09:00 meeting talks-1',
        '2022-01-13T12:00 meeting_announced talks-1',
        '2022-01-14T12:00 meeting_notes_published talks-1',
        '2022-01-14T12:00 statement s1',
        '2022-01-16T09:00 publication annex',
        '2022-01-21T12:00 statement s2',
      ]);
      const s1 = (await timeline({ at, kinds: ['statement'] }, VISITOR)).entries[0]!;
      // The statement is public; what it is about is shown only as far as the visitor may see.
      expect(s1.details.about).toEqual([{ kind: 'meeting', key: 'talks-1' }]);
    });

    it('gives each party the ledger entries of meetings, statements and links it may see, and nothing they name that it may not', async () => {
      const types = async (v: Viewer) =>
        (await run((trx) => listLedgerEntries({ trx, viewer: v, input: { dossier } })))
          .map((e) => `${e.entry.type} ${e.entry.subject}`)
          .filter((line) => /^(meeting|statement|link)\./.test(line));
      // c was asked for talks-1 and asked for ask-2; talks-1's notes are public by now. It
      // sees d1, so s1 (about d1) too; not the link to b's response.
      expect(await types(viewer.c!)).toEqual([
        'meeting.requested talks-1',
        'meeting.accepted talks-1:a',
        'meeting.declined talks-1:c',
        'meeting.arranged talks-1',
        'meeting.notes_recorded talks-1',
        'statement.recorded s1',
        'statement.recorded s2',
        'link.recorded statement:s1 mentions meeting:talks-1',
        'meeting.requested ask-2',
        'meeting.declined ask-2:a',
        'meeting.announced talks-1',
        'meeting.notes_published talks-1',
      ]);
      // A visitor: talks-1 was announced, but its agenda names d1, as does s1; ask-2 never was.
      expect(await types(VISITOR)).toEqual([
        'meeting.requested talks-1',
        'meeting.accepted talks-1:a',
        'meeting.declined talks-1:c',
        'meeting.notes_recorded talks-1',
        'statement.recorded s2',
        'link.recorded statement:s1 mentions meeting:talks-1',
        'meeting.announced talks-1',
        'meeting.notes_published talks-1',
      ]);
    });

    it('counts per party how long answers and acceptances took', async () => {
      // As of now: a declined c's request ask-2 when it was recorded, with no instant given.
      const stats = await run((trx) => computeStats({ trx, input: { dossier } }));
      const of = (party: string) => stats.parties.find((p) => p.party === party)!;
      expect(of('b').writtenDemands).toEqual({
        received: 1,
        answered: 1,
        answeredByDeadline: 1,
        answeredLate: 0,
        overdue: 0,
        timeToAnswer: {
          count: 1,
          medianMs: 5 * 86_400_000 - 2 * 3_600_000,
          worstMs: 5 * 86_400_000 - 2 * 3_600_000,
        },
        longestOpenMs: null,
      });
      expect(of('b').points).toEqual({ demanded: 3, answered: 3 });
      expect(of('b').meetingRequests).toEqual({ made: 1, accepted: 1, declined: 0, awaiting: 0 });
      expect(of('c').writtenDemands).toMatchObject({
        received: 1,
        answered: 0,
        overdue: 1,
        timeToAnswer: { count: 0 },
      });
      expect(of('a').requestsReceived).toEqual({
        received: 2,
        accepted: 1,
        declined: 1,
        awaiting: 0,
        timeToAccept: { count: 1, medianMs: 12 * 3_600_000, worstMs: 12 * 3_600_000 },
      });
      expect(of('b').statements).toBe(1);
      // c may not see b's demand: its stats count nothing for b.
      const seenByC = await run((trx) =>
        computeStats({ trx, viewer: viewer.c, input: { dossier, party: 'b' } }),
      );
      expect(seenByC.parties[0]!.writtenDemands.received).toBe(0);
    });
  });
}
