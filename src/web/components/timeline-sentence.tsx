import { Link } from 'react-router';
import type { Delivery, Document, TimelineEntry } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCurrentDossier, usePartyName } from './dossier-layout.tsx';

// A timeline entry told in the reader's language from its details; the server's English title is
// kept for kinds this page does not know yet.

type Details = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function TimelineSentence({
  entry,
  documents,
  deliveries,
}: {
  entry: TimelineEntry;
  documents: Document[];
  deliveries: Delivery[];
}) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const party = usePartyName();
  const x = entry.details as Details;
  const base = `/d/${encodeURIComponent(d.key)}`;
  const titleOf = (document: string) => documents.find((doc) => doc.key === document)?.title ?? document;
  const delivery = deliveries.find((del) => del.key === str(x.delivery));
  const ofDelivery = delivery ? titleOf(delivery.document) : null;
  const list = (keys: unknown) => (Array.isArray(keys) ? keys.map((k) => party(String(k))).join(', ') : '');
  const place = str(x.place) ? t('tl.inPlace', { place: str(x.place) }) : '';

  let text: string | null = null;
  let href: string | null = null;
  switch (entry.kind) {
    case 'version':
      text = t('tl.version', {
        party: party(str(x.author)),
        version: num(x.version),
        document: titleOf(str(x.document)),
      });
      href = `${base}/documents/${encodeURIComponent(str(x.document))}/v/${num(x.version)}`;
      break;
    case 'delivery': {
      const vars = {
        party: party(str(x.from)),
        version: num(x.version),
        document: titleOf(str(x.document)),
        to: list(x.to),
        due: str(x.dueAt) ? dateTime(str(x.dueAt), d.timeZone) : '',
      };
      text = !x.demand
        ? t('tl.delivery', vars)
        : vars.due
          ? t('tl.deliveryDue', vars)
          : t('tl.deliveryDemand', vars);
      href = `${base}/documents/${encodeURIComponent(str(x.document))}/v/${num(x.version)}`;
      break;
    }
    case 'publication':
      if (str(x.response)) {
        if (ofDelivery)
          text = t('tl.publicationResponse', { party: party(str(x.party)), document: ofDelivery });
        href = `${base}/responses/${encodeURIComponent(str(x.response))}`;
      } else {
        text = t('tl.publicationDocument', {
          party: party(str(x.party)),
          version: num(x.version),
          document: titleOf(str(x.document)),
        });
        href = `${base}/documents/${encodeURIComponent(str(x.document))}/v/${num(x.version)}`;
      }
      break;
    case 'response':
      if (ofDelivery) {
        const vars = { party: party(str(x.party)), document: ofDelivery };
        text = x.partial ? t('tl.responsePartial', vars) : t('tl.response', vars);
        if (x.late) text += ` ${t('tl.afterDeadline')}`;
      }
      href = `${base}/responses/${encodeURIComponent(str(x.response))}`;
      break;
    case 'deadline_met':
    case 'deadline_missed':
      if (ofDelivery) {
        const vars = {
          party: party(str(x.party)),
          document: ofDelivery,
          answered: num(x.answered),
          total: num(x.total),
        };
        text =
          entry.kind === 'deadline_met'
            ? t('tl.deadlineMet', vars)
            : vars.answered === 0
              ? t('tl.deadlineMissedNone', vars)
              : t('tl.deadlineMissed', vars);
      }
      break;
    case 'meeting_requested':
      text = t('tl.meetingRequested', {
        party: party(str(x.requestedBy)),
        of: list(x.requestedOf),
        title: str(x.title),
      });
      href = `${base}/meetings#meeting-${encodeURIComponent(str(x.key))}`;
      break;
    case 'meeting_accepted':
    case 'meeting_declined':
      text = t(entry.kind === 'meeting_accepted' ? 'tl.meetingAccepted' : 'tl.meetingDeclined', {
        party: party(str(x.party)),
        by: party(str(x.requestedBy)),
        title: str(x.title),
      });
      href = `${base}/meetings#meeting-${encodeURIComponent(str(x.key))}`;
      break;
    case 'meeting_announced':
      text = t('tl.meetingAnnounced', { title: str(x.title), place });
      href = `${base}/meetings#meeting-${encodeURIComponent(str(x.key))}`;
      break;
    case 'meeting':
      text = t('tl.meeting', { title: str(x.title), place });
      href = `${base}/meetings#meeting-${encodeURIComponent(str(x.key))}`;
      break;
    case 'meeting_notes_published':
      text = t('tl.meetingNotes', { title: str(x.title) });
      href = `${base}/meetings#meeting-${encodeURIComponent(str(x.key))}`;
      break;
    case 'statement': {
      const speaker = (x.speaker ?? {}) as Details;
      const words = str(x.quote) ? `“${str(x.quote)}”` : str(x.summary);
      text = t('tl.statement', { speaker: str(speaker.name), words });
      href = `${base}/statements#statement-${encodeURIComponent(str(x.statement))}`;
      break;
    }
  }
  const shown = text ?? entry.title;
  return href ? <Link to={href}>{shown}</Link> : <>{shown}</>;
}
