import type { DossierFile, PointFile } from '../src/shared/dossier-file.ts';
import type { Position } from '../src/shared/vocabulary.ts';

const POSITIONS: Position[] = [
  'accept',
  'reject',
  'accept_with_changes',
  'deferred',
  'clarification_requested',
  'counter_proposal',
  'no_position',
];

/**
 * A dossier with one proposal of `points` answerable points (grouped ten to an article, each article
 * a heading-only container) delivered to `addressees` parties, every one of which has submitted a
 * complete response. Deterministic, so runs compare.
 */
export function syntheticDossier(options: { points: number; addressees: number; key?: string }): DossierFile {
  const { points, addressees } = options;
  const tree: PointFile[] = [];
  for (let n = 0; n < points; n++) {
    const article = Math.floor(n / 10) + 1;
    if (n % 10 === 0)
      tree.push({
        key: `art_${article}`,
        label: `Article ${article}`,
        heading: `Chapter of article ${article}`,
        points: [],
      });
    tree[tree.length - 1]!.points!.push({
      key: `art_${article}__para_${(n % 10) + 1}`,
      label: `${article}(${(n % 10) + 1})`,
      text: `The parties undertake obligation ${n + 1}, as set out in paragraph ${(n % 10) + 1} of article ${article}.`,
    });
  }
  const parties = [{ key: 'author', name: 'Author state' }];
  for (let a = 0; a < addressees; a++) parties.push({ key: `p${a}`, name: `Addressee ${a}` });
  const leafKeys = tree.flatMap((t) => t.points!.map((p) => p.key));
  return {
    format: 'pointwise-dossier/1',
    dossier: {
      key: options.key ?? `synthetic-${points}x${addressees}`,
      title: `Synthetic: ${points} points, ${addressees} addressees`,
      timeZone: 'UTC',
    },
    parties,
    documents: [
      {
        key: 'proposal',
        kind: 'proposal',
        author: 'author',
        title: 'Synthetic proposal',
        versions: [{ number: 1, createdAt: '2024-01-01T09:00:00Z', points: tree }],
      },
    ],
    deliveries: [
      {
        key: 'd1',
        document: 'proposal',
        version: 1,
        to: parties.slice(1).map((p) => p.key),
        deliveredAt: '2024-01-02T09:00:00Z',
        demand: { dueAt: '2024-02-01T17:00:00Z' },
      },
    ],
    responses: parties.slice(1).map((party, a) => ({
      key: `r-${party.key}`,
      delivery: 'd1',
      party: party.key,
      submittedAt: new Date(Date.UTC(2024, 0, 10, 0, a)).toISOString(),
      answers: leafKeys.map((point, n) => {
        const position = POSITIONS[(n + a) % POSITIONS.length]!;
        return {
          point,
          position,
          ...(position !== 'accept' && { text: `Position of ${party.key} on ${point}.` }),
          ...((position === 'accept_with_changes' || position === 'counter_proposal') && {
            proposedText: `Replacement text for ${point}.`,
          }),
        };
      }),
    })),
  };
}
