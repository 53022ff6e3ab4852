import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { SYSTEM } from '../domain/actor.ts';
import { computeTimeline } from '../domain/compute-timeline.ts';
import { createDossier } from '../domain/create-dossier.ts';
import { createParty } from '../domain/create-party.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { listStatements } from '../domain/list-statements.ts';
import { AppError } from '../shared/app-error.ts';
import { importDebate } from './import-debate.ts';
import { parseDebate } from './parse-debate.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../shared/fixtures/akn/${name}`, import.meta.url), 'utf8');
const KENYA = fixture('ke-debate-2011-06-10.akn3.xml');

/** Another debate record: the AKN 2.0 namespace, `id` instead of `eId`, no eIds on speeches, no times. */
const OTHER = `<?xml version="1.0"?>
<akn:akomaNtoso xmlns:akn="http://www.akomantoso.org/2.0">
  <akn:debateRecord name="plenary">
    <akn:meta>
      <akn:identification source="#x"><akn:FRBRWork><akn:FRBRuri value="/akn/xx/debaterecord/2020-03-04"/>
        <akn:FRBRdate date="2020-03-04" name="sitting"/></akn:FRBRWork></akn:identification>
      <akn:references source="#x">
        <akn:TLCPerson id="smith" href="/p/smith" showAs="Ms Smith"/>
        <akn:TLCRole id="chair" href="/r/chair" showAs="Chair of the Committee"/>
      </akn:references>
    </akn:meta>
    <akn:debateBody>
      <akn:debateSection id="s1"><akn:heading>Treaty, Article 4</akn:heading>
        <akn:speech by="#smith" as="#chair"><akn:from>The Chair (Ms Smith):</akn:from><akn:p>We   cannot accept
          Article 4 &amp; its annex.</akn:p><akn:p>Next item.</akn:p></akn:speech>
        <akn:speech by="#smith"><akn:p>Thank you.</akn:p></akn:speech>
      </akn:debateSection>
    </akn:debateBody>
  </akn:debateRecord>
</akn:akomaNtoso>`;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('reading an Akoma Ntoso debate record', () => {
  it('finds every speech, question and answer with its speaker, role, words, time and section', () => {
    const debate = parseDebate(KENYA);
    expect(debate).toMatchObject({
      uri: '/akn/ke/debaterecord/2011-06-10',
      date: '2011-06-10',
      title: 'PARLIAMENT OF THE REPUBLIC OF BUNGENI, SECOND MEETING, 2011',
    });
    expect(debate.speeches.map((s) => [s.eId, s.by, s.as, s.from, s.time])).toEqual([
      ['dbsect_1__dbsect_1__speech_1', 'alfa', null, 'Mr. Alfa', '2011-06-10T08:02:00.000Z'],
      ['dbsect_2__dbsect_1__speech_1', 'epsilon', null, 'Mr. Epsilon', '2011-06-10T08:02:00.000Z'],
      ['dbsect_2__dbsect_1__speech_2', 'speaker', null, 'The Speaker', '2011-06-10T08:02:00.000Z'],
      ['dbsect_2__dbsect_1__speech_3', 'speaker', null, 'The Speaker', '2011-06-10T08:02:00.000Z'],
      ['dbsect_3__dbsect_1__speech_1', 'speaker', null, 'Mr. Speaker', '2011-06-10T08:02:00.000Z'],
      ['dbsect_3__dbsect_1__speech_2', 'speaker', null, 'Mr. Speaker', '2011-06-10T08:02:00.000Z'],
      ['dbsect_4__speech_1', 'alfa', 'speaker', 'Mr. Speaker', '2011-06-10T08:02:00.000Z'],
      ['dbsect_4__speech_2', 'beta', null, 'Mr. Beta', '2011-06-10T08:02:00.000Z'],
      [
        'bsect_5__dbsect_3__speech_1',
        'gamma',
        'ministerInterior',
        'Minister for the Interior (Mr Iota)',
        '2011-06-10T08:30:00.000Z',
      ],
      ['dbsect_6__dbsect_1__dbsect_1__question_1', 'kappa', null, 'Mr. Kappa', '2011-06-10T08:30:00.000Z'],
      [
        'dbsect_6__dbsect_1__dbsect_1__answer_1',
        'eta',
        'ministerEducation',
        'Mr. Eta',
        '2011-06-10T08:30:00.000Z',
      ],
    ]);
    const answer = debate.speeches.at(-1)!;
    expect(answer.headings).toEqual([
      'ORAL ANSWERS TO QUESTIONS',
      'MINISTRY OF EDUCATION AND SPORTS',
      'Professional Training in the Republic of BUNGENI',
    ]);
    expect(answer.text.split('\n')).toHaveLength(5);
    expect(debate.speeches[7]!.text).toBe(
      'Mr. Speaker, we made an error in the vote numbers: we have AYES 76 instead of 72.',
    );
  });

  it('reads other records too: another namespace, ids instead of eIds, speeches without ids or times', () => {
    const debate = parseDebate(OTHER);
    expect(debate.speeches).toEqual([
      {
        eId: 's1__speech_1',
        element: 'speech',
        by: 'smith',
        as: 'chair',
        from: 'The Chair (Ms Smith)',
        text: 'We cannot accept Article 4 & its annex.\nNext item.',
        time: null,
        headings: ['Treaty, Article 4'],
      },
      {
        eId: 's1__speech_2',
        element: 'speech',
        by: 'smith',
        as: null,
        from: null,
        text: 'Thank you.',
        time: null,
        headings: ['Treaty, Article 4'],
      },
    ]);
    expect(debate.date).toBe('2020-03-04');
  });

  it('refuses DOCTYPEs and entities, malformed XML, repeated ids, unknown speakers and records with no speeches', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM "file:///etc/passwd">]><akomaNtoso>&x;</akomaNtoso>`;
    expect(refusal(() => parseDebate(xxe, 'x.xml'))).toMatch(
      /^x\.xml: has a DOCTYPE; .* expands no entities/,
    );
    expect(refusal(() => parseDebate('<akomaNtoso>&x;</akomaNtoso>'))).toMatch(/undefined entity \(line 1/);
    expect(refusal(() => parseDebate('<akomaNtoso><p></q></akomaNtoso>'))).toMatch(
      /not well-formed XML: unexpected close tag/,
    );
    expect(refusal(() => parseDebate('<html/>'))).toMatch(/is not Akoma Ntoso: its root element is <html>/);
    expect(refusal(() => parseDebate(fixture('invalid-duplicate-ids.akn3.xml')))).toMatch(
      /repeats the xml:id "BAD_XMLID"; each must be unique \(line 100/,
    );
    expect(refusal(() => parseDebate(OTHER.replace('by="#smith" as', 'by="#jones" as')))).toMatch(
      /speech "s1__speech_1" is by "#jones", which <references> does not name/,
    );
    expect(refusal(() => parseDebate(fixture('un-draft-resolution-2012-en.akn2.xml')))).toMatch(
      /has no speeches/,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`importing a debate on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await inTransaction(t.db, async (trx) => {
        await createDossier({
          trx,
          actor: SYSTEM,
          input: { key: 'house', title: 'House', timeZone: 'Africa/Nairobi' },
        });
        await createParty({
          trx,
          actor: SYSTEM,
          input: { dossier: 'house', key: 'parliament', name: 'Parliament' },
        });
      });
    });
    afterAll(async () => {
      await t.dispose();
    });

    it('records each speech as a statement with its speaker, as of its time, about the sitting', async () => {
      const result = await inTransaction(t.db, (trx) =>
        importDebate({
          trx,
          actor: SYSTEM,
          input: { dossier: 'house', xml: KENYA, party: 'parliament', meeting: 'sitting-2011-06-10' },
        }),
      );
      expect(result).toMatchObject({ statements: 11, people: 7 });
      const statements = await listStatements({
        trx: t.db,
        input: { dossier: 'house', about: { meeting: 'sitting-2011-06-10' } },
      });
      expect(statements).toHaveLength(11);
      const byKey = new Map(statements.map((s) => [s.key, s]));
      expect(byKey.get('ke-debaterecord-2011-06-10.dbsect_4__speech_1')).toMatchObject({
        speaker: { key: 'alfa', name: 'Mr. Alfa', title: 'Mr. Speaker', party: 'parliament' },
        saidAt: '2011-06-10T08:02:00.000Z',
        medium: 'debate',
        outlet: 'PARLIAMENT OF THE REPUBLIC OF BUNGENI, SECOND MEETING, 2011',
        quote: 'Order! Order! Hon. Members, Mr. Theta is entitled to recount the votes.',
        summary: 'RECOUT OF VOTES › as recorded: Mr. Speaker',
      });
      expect(byKey.get('ke-debaterecord-2011-06-10.bsect_5__dbsect_3__speech_1')!.speaker).toEqual({
        key: 'gamma',
        name: 'Mr. Gamma',
        title: 'Minister for Interior',
        party: 'parliament',
      });
      // The Speaker is named only by role: a person for the role.
      expect(byKey.get('ke-debaterecord-2011-06-10.dbsect_2__dbsect_1__speech_2')!.speaker).toEqual({
        key: 'speaker',
        name: 'The Speaker',
        title: 'Mr. Speaker',
        party: 'parliament',
      });
      const timeline = await computeTimeline({
        trx: t.db,
        input: { dossier: 'house', kinds: ['statement'] },
      });
      expect(timeline.entries.map((e) => e.subject.key)).toEqual(statements.map((s) => s.key));
      expect(
        await t.db
          .selectFrom('ledger_entries')
          .select('type')
          .where('type', '=', 'statement.recorded')
          .execute(),
      ).toHaveLength(11);
    });

    it('refuses the same record twice, writing nothing', async () => {
      const before = await t.db.selectFrom('people').select('id').execute();
      await expect(
        inTransaction(t.db, (trx) =>
          importDebate({ trx, actor: SYSTEM, input: { dossier: 'house', xml: KENYA } }),
        ),
      ).rejects.toThrow(/already exists/);
      expect(await t.db.selectFrom('people').select('id').execute()).toHaveLength(before.length);
    });
  });
}
