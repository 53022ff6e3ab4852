import { can, type Who } from '../auth/policies.ts';
import type { DeliverySummary } from '../domain/list-deliveries.ts';
import type { DocumentSummary } from '../domain/list-documents.ts';
import type { ResponseSummary } from '../domain/list-responses.ts';

/**
 * Presenters shape what the use cases return into the API's JSON (shared/api.ts), each with the
 * caller's abilities on it, so a client shows only what the caller can do.
 */

export function presentDocument(d: DocumentSummary, who: Who) {
  const item = { author: d.author };
  return {
    key: d.key,
    kind: d.kind,
    author: d.author,
    title: d.title,
    createdAt: d.createdAt,
    versions: d.versions.map((v) => ({
      ...v,
      abilities: {
        'version.deliver': can(who, 'version.deliver', item),
        'version.publish': v.publishedAt === null && can(who, 'version.publish', item),
      },
    })),
    abilities: { 'version.add': can(who, 'version.add', item) },
  };
}

export function presentDelivery(d: DeliverySummary, who: Who) {
  // Drafting and submitting are for the caller's own party, and only when it is an addressee.
  const party = who.member?.party;
  const mine = party !== undefined && d.to.includes(party) ? { party } : null;
  return {
    ...d,
    abilities: {
      'draft.read': mine !== null && can(who, 'draft.read', mine),
      'draft.save': mine !== null && can(who, 'draft.save', mine),
      'response.submit': mine !== null && can(who, 'response.submit', mine),
    },
  };
}

export function presentResponse<R extends ResponseSummary>(r: R, who: Who) {
  const { id: _id, ...rest } = r;
  return {
    ...rest,
    abilities: {
      'response.publish': r.publishedAt === null && can(who, 'response.publish', { party: r.party }),
    },
  };
}
