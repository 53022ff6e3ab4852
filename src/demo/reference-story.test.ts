import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { computeTimeline } from '../domain/compute-timeline.ts';
import { VISITOR, type Viewer } from '../domain/visibility.ts';
import { loadReferenceDossier } from './load-reference-dossier.ts';

/** The article's story, as the reference dossier's timeline tells it to someone who sees everything. */
const STORY = [
  '2021-12-15T09:00 version treaty-us',
  '2021-12-15T09:00 version agreement-nato',
  '2021-12-15T12:00 delivery d1',
  '2021-12-15T12:00 delivery d2',
  '2021-12-17T10:00 publication treaty-us',
  '2021-12-17T10:00 publication agreement-nato',
  '2022-01-13T09:00 meeting_announced vienna',
  '2022-01-13T09:00 meeting vienna',
  '2022-01-13T09:00 meeting_notes_published vienna',
  '2022-01-18T09:00 meeting_requested geneva',
  '2022-01-18T12:00 meeting_accepted geneva',
  '2022-01-18T15:00 meeting_announced geneva',
  '2022-01-20T15:00 version state-dept-bulletin',
  '2022-01-20T18:00 publication state-dept-bulletin',
  '2022-01-20T20:00 statement s-zakharova-state-dept',
  '2022-01-21T06:00 statement s-truss-invasions',
  '2022-01-21T09:00 meeting geneva',
  '2022-01-21T10:30 meeting_notes_published geneva',
  '2022-01-21T11:00 statement s-blinken-press-conference',
  '2022-01-21T12:00 statement s-gavrilov-no-endless-wait',
  '2022-01-22T08:00 statement s-zakharova-point-by-point',
  '2022-01-22T08:00 statement s-zakharova-geneva',
  '2022-01-22T08:00 statement s-zakharova-materials',
  '2022-01-22T08:00 statement s-zakharova-ukraine',
  '2022-01-28T21:00 deadline_missed d1',
  '2022-01-28T21:00 deadline_missed d2',
  '2022-01-28T21:00 deadline_missed d2',
];

for (const dialect of DIALECTS) {
  describe(`the reference dossier's timeline on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    const viewer: Record<string, Viewer> = {};
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await loadReferenceDossier(t.db);
      for (const p of await t.db.selectFrom('parties').select(['id', 'key']).execute())
        viewer[p.key] = { partyIds: [p.id] };
    });
    afterAll(async () => {
      await t.dispose();
    });

    const story = async (v?: Viewer) =>
      (
        await computeTimeline({
          trx: t.db,
          viewer: v,
          input: { dossier: 'security-guarantees', at: '2022-02-01T00:00:00Z' },
        })
      ).entries.map(
        (e) =>
          `${e.at.slice(0, 16)} ${e.kind} ${e.subject.key}${e.kind === 'deadline_missed' ? ` ${e.details.party}` : ''}`,
      );
    const withParties = STORY.map((line, i) => (i < 24 ? line : line + [' us', ' nato', ' us'][i - 24]));

    it('reads as the article tells it, in order', async () => {
      expect(await story()).toEqual(withParties);
    });

    it('tells each party what it may see: Russia all of it, each addressee its own demands, others the public story', async () => {
      const without = (...hidden: string[]) => withParties.filter((line) => !hidden.includes(line));
      expect(await story(viewer.ru)).toEqual(withParties);
      expect(await story(viewer.us)).toEqual(withParties.filter((l) => !l.endsWith(' nato')));
      const publicStory = without(
        '2021-12-15T12:00 delivery d1',
        '2021-12-15T12:00 delivery d2',
        '2022-01-28T21:00 deadline_missed d1 us',
        '2022-01-28T21:00 deadline_missed d2 nato',
        '2022-01-28T21:00 deadline_missed d2 us',
      );
      expect(await story(viewer.nato)).toEqual(
        withParties.filter((l) => !l.includes(' d1') && !l.endsWith('d2 us')),
      );
      expect(await story(viewer.uk)).toEqual(publicStory);
      expect(await story(VISITOR)).toEqual(publicStory);
    });
  });
}
