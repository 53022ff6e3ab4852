import type { Actor } from '../domain/actor.ts';
import { VISITOR, type Viewer } from '../domain/visibility.ts';
import type { Role } from './role.ts';

/** A user's membership of one party in one dossier. */
export interface Membership {
  dossierId: string;
  dossier: string;
  partyId: string;
  party: string;
  role: Role;
}

/** Who is asking: a visitor without an account, or a user signed in with a session or a token. */
export type Principal =
  | { kind: 'visitor' }
  | {
      kind: 'user';
      userId: string;
      email: string;
      /** A token never carries admin powers, only its one membership. */
      admin: boolean;
      /** Active memberships; through a token, only the token's own. */
      memberships: Membership[];
      via:
        | { kind: 'session'; sessionId: string; csrfToken: string; passwordChangeRequired: boolean }
        | { kind: 'token'; tokenId: string };
    };

export const ANONYMOUS: Principal = { kind: 'visitor' };

/** What the principal may read: its parties' view, or a visitor's. */
export function viewerOf(principal: Principal): Viewer {
  if (principal.kind === 'visitor') return VISITOR;
  return { partyIds: principal.memberships.map((m) => m.partyId), admin: principal.admin };
}

/** The principal's membership in a dossier, if any. */
export function membershipIn(principal: Principal, dossierId: string): Membership | null {
  if (principal.kind === 'visitor') return null;
  return principal.memberships.find((m) => m.dossierId === dossierId) ?? null;
}

/** The actor of a member's acts in its dossier: its party, naming the user. */
export function memberActor(principal: Principal, member: Membership): Actor {
  if (principal.kind === 'visitor') throw new Error('a visitor does not act');
  return { kind: 'party', party: member.party, userId: principal.userId };
}

/** The actor of an admin's acts (dossiers, parties, imports): the system, naming the user. */
export function adminActor(principal: Principal): Actor {
  if (principal.kind === 'visitor') throw new Error('a visitor does not act');
  return { kind: 'system', label: `admin:${principal.userId}` };
}
