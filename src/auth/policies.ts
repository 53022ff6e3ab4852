import { AppError } from '../shared/app-error.ts';
import type { Principal } from './principal.ts';
import type { Role } from './role.ts';

/**
 * Who may do what: one `allow` rule per action, and nothing else decides. Reading is not here:
 * what a caller may read is decided in the queries that read (domain/visibility.ts), so an item
 * it may not see is simply not found. These rules decide what it may do with what it can see.
 */

/** The caller as the rules see it, within one dossier. */
export interface Who {
  signedIn: boolean;
  admin: boolean;
  /** How the caller proved who it is. */
  via: 'session' | 'token' | null;
  /** Its membership in the dossier at hand. */
  member: { party: string; role: Role } | null;
}

const isLeadOf = (who: Who, party: string) => who.member?.party === party && who.member.role === 'lead';
const isDrafterOf = (who: Who, party: string) =>
  who.member?.party === party && (who.member.role === 'lead' || who.member.role === 'drafter');

const RULES = {
  'dossier.create': allow<Record<string, never>>((who) => who.admin),
  'dossier.import': allow<Record<string, never>>((who) => who.admin),
  'party.create': allow<Record<string, never>>((who) => who.admin),
  'person.create': allow<{ party: string | null }>(
    (who, { party }) => who.admin || (party !== null && isLeadOf(who, party)),
  ),
  'document.create': allow<{ author: string }>((who, { author }) => isDrafterOf(who, author)),
  'version.add': allow<{ author: string }>((who, { author }) => isDrafterOf(who, author)),
  'version.deliver': allow<{ author: string }>((who, { author }) => isLeadOf(who, author)),
  'version.publish': allow<{ author: string }>((who, { author }) => isLeadOf(who, author)),
  'draft.read': allow<{ party: string }>((who, { party }) => who.member?.party === party),
  'draft.save': allow<{ party: string }>((who, { party }) => isDrafterOf(who, party)),
  'response.submit': allow<{ party: string }>((who, { party }) => isLeadOf(who, party)),
  'response.publish': allow<{ party: string }>((who, { party }) => isLeadOf(who, party)),
  // Meetings: a lead asks and replies for its party; whether its party is involved is the use case's rule.
  'meeting.request': allow<{ party: string }>((who, { party }) => isLeadOf(who, party)),
  'meeting.reply': allow<{ party: string }>((who, { party }) => isLeadOf(who, party)),
  'meeting.arrange': allow<{ party: string }>((who, { party }) => isLeadOf(who, party)),
  'meeting.notes': allow<{ party: string }>((who, { party }) => isDrafterOf(who, party)),
  'meeting.publish': allow<{ party: string }>((who, { party }) => isLeadOf(who, party)),
  // Statements are public remarks: any member who writes for its party may record one, or a link.
  'statement.record': allow<{ party: string }>((who, { party }) => isDrafterOf(who, party)),
  'link.record': allow<{ party: string }>((who, { party }) => isDrafterOf(who, party)),
  // A token cannot mint tokens: only a person signed in (or an operator at the CLI) can.
  'token.create': allow<Record<string, never>>((who) => who.member !== null && who.via === 'session'),
};

function allow<C>(rule: (who: Who, item: C) => boolean) {
  return rule;
}

export type Action = keyof typeof RULES;
type ItemOf<A extends Action> = Parameters<(typeof RULES)[A]>[1];

/** Every action, for listing abilities and for the tests. */
export const ACTIONS = Object.keys(RULES) as Action[];

/** Whether `who` may do `action` to `item`. */
export function can<A extends Action>(who: Who, action: A, item: ItemOf<A>): boolean {
  return (RULES[action] as (who: Who, item: ItemOf<A>) => boolean)(who, item);
}

/** Refuses unless `who` may do `action`: 401 for a visitor, 403 for a user. */
export function authorize<A extends Action>(who: Who, action: A, item: ItemOf<A>): void {
  if (can(who, action, item)) return;
  if (!who.signedIn) throw new AppError('auth.required', 'sign in to do this');
  throw new AppError('actor.forbidden', `you may not ${ACTION_NAMES[action]}`, []);
}

const ACTION_NAMES: Record<Action, string> = {
  'dossier.create': 'create dossiers',
  'dossier.import': 'import dossiers',
  'party.create': 'add parties',
  'person.create': 'add this person',
  'document.create': 'create documents for this party',
  'version.add': 'add versions to this document',
  'version.deliver': 'deliver this document',
  'version.publish': 'publish this document',
  'draft.read': "read this party's draft",
  'draft.save': "edit this party's draft",
  'response.submit': 'submit responses for this party',
  'response.publish': 'publish this response',
  'token.create': 'create tokens in this dossier',
  'meeting.request': 'ask for meetings for this party',
  'meeting.reply': 'reply to meeting requests for this party',
  'meeting.arrange': 'arrange meetings for this party',
  'meeting.notes': 'record outcome notes for this party',
  'meeting.publish': 'make meetings public for this party',
  'statement.record': 'record statements',
  'link.record': 'record links',
};

/** The abilities of `who` on one item: what a client may offer to do with it. */
export function abilities<A extends Action>(
  who: Who,
  item: ItemOf<A>,
  actions: readonly A[],
): Partial<Record<Action, boolean>> {
  return Object.fromEntries(actions.map((a) => [a, can(who, a, item)]));
}

/** The rules' view of a principal within a dossier, by key (null: outside any dossier). */
export function whoIs(principal: Principal, dossier: string | null): Who {
  if (principal.kind === 'visitor') return { signedIn: false, admin: false, via: null, member: null };
  const m = dossier === null ? undefined : principal.memberships.find((x) => x.dossier === dossier);
  return {
    signedIn: true,
    admin: principal.admin,
    via: principal.via.kind,
    member: m ? { party: m.party, role: m.role } : null,
  };
}
