import { appendEntry, type Change } from '../ledger/append-entry.ts';
import type { Actor } from './actor.ts';
import { now } from './clock.ts';
import type { Db } from './lookup.ts';

/**
 * Appends the ledger entry of a change, in the transaction that made it: every use case that
 * writes calls this once, so the log holds every change and nothing else.
 */
export function recordChange(
  trx: Db,
  change: Omit<Change, 'actor' | 'recordedAt'> & { actor: Actor; recordedAt?: string },
): Promise<{ index: number }> {
  return appendEntry(trx, {
    ...change,
    actor: ledgerActor(change.actor),
    recordedAt: change.recordedAt ?? now(),
  });
}

/** Who acted, as the ledger names them: only the fields that identify, whatever else an actor carries. */
function ledgerActor(actor: Actor): Change['actor'] {
  if (actor.kind === 'system') return { kind: 'system', label: actor.label };
  return actor.userId === undefined
    ? { kind: 'party', party: actor.party }
    : { kind: 'party', party: actor.party, userId: actor.userId };
}
