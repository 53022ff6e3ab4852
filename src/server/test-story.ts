import type { TestDatabase } from '../db/test-databases.ts';
import type { Actor } from '../domain/actor.ts';
import { arrangeMeeting } from '../domain/arrange-meeting.ts';
import { createPerson } from '../domain/create-person.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { publishMeeting } from '../domain/publish-meeting.ts';
import { recordLink } from '../domain/record-link.ts';
import { recordStatement } from '../domain/record-statement.ts';
import { requestMeeting } from '../domain/request-meeting.ts';

/**
 * Meetings, a statement and a link in the `talks` dossier of test-world.ts: `m-ab`, which a asked
 * b for (seen by a and b only); `m-c`, announced, with c alone taking part and no notes yet;
 * `m-ec`, which e asked c for, not announced; statement `s-envoy` (by b's envoy, about d1) and a
 * link from it to `m-ab`.
 */
export async function seedStory(db: TestDatabase['db']): Promise<void> {
  const as = (party: string): Actor => ({ kind: 'party', party });
  const dossier = 'talks';
  await inTransaction(db, async (trx) => {
    await createPerson({
      trx,
      actor: as('b'),
      input: { dossier, key: 'envoy', name: 'B. Envoy', title: 'Envoy', party: 'b' },
    });
    await requestMeeting({
      trx,
      actor: as('a'),
      input: {
        dossier,
        key: 'm-ab',
        title: 'a and b',
        kind: 'talks',
        requestedBy: 'a',
        requestedAt: '2022-01-05T09:00:00Z',
        requestedOf: ['b'],
      },
    });
    await arrangeMeeting({
      trx,
      actor: as('c'),
      input: {
        dossier,
        key: 'm-c',
        title: 'c briefs',
        kind: 'briefing',
        startsAt: '2022-01-16T09:00:00Z',
        participants: ['c'],
      },
    });
    await publishMeeting({
      trx,
      actor: as('c'),
      input: { dossier, meeting: 'm-c', subject: 'meeting', publishedAt: '2022-01-15T09:00:00Z' },
    });
    await requestMeeting({
      trx,
      actor: as('e'),
      input: {
        dossier,
        key: 'm-ec',
        title: 'e and c',
        kind: 'consultation',
        requestedBy: 'e',
        requestedOf: ['c'],
      },
    });
    await recordStatement({
      trx,
      actor: as('b'),
      input: {
        dossier,
        key: 's-envoy',
        speaker: 'envoy',
        saidAt: '2022-01-17T09:00:00Z',
        medium: 'interview',
        quote: 'Not yet.',
        about: ['d1'],
      },
    });
    await recordLink({
      trx,
      actor: as('b'),
      input: { dossier, from: 's-envoy', to: 'm-ab', type: 'mentions' },
    });
  });
}
