/**
 * Who is acting. `system` records history on behalf of the parties named in the input (the CLI,
 * an import); `party` is a member acting for one party, and may act only as that party.
 */
export type Actor = { kind: 'system'; label: string } | { kind: 'party'; party: string; userId?: string };

export const SYSTEM: Actor = { kind: 'system', label: 'pointwise' };

/** Whether `actor` may act as `partyKey`. */
export function actsAs(actor: Actor, partyKey: string): boolean {
  return actor.kind === 'system' || actor.party === partyKey;
}
