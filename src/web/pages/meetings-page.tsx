import { useMeetings } from '../api/queries.ts';
import type { ItemName, Meeting } from '../api/types.ts';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function itemText(item: ItemName, partyName: (key: string) => string) {
  if (item.kind === 'party') return partyName(item.key);
  if (item.kind === 'point' && item.document) return `${item.document} ${item.key}`;
  return item.key;
}

function MeetingCard({ m }: { m: Meeting }) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  return (
    <li className="card" id={`meeting-${m.key}`}>
      <h3>{m.title}</h3>
      <p className="muted">
        {t(`meetingKind.${m.kind}`)}
        {m.place && ` · ${m.place}`}
        {m.startsAt && ` · ${dateTime(m.startsAt, d.timeZone)}`}
        {m.endsAt && ` – ${dateTime(m.endsAt, d.timeZone)}`}
      </p>
      {m.request && (
        <p>
          {t('meetings.requestedBy', {
            party: partyName(m.request.by),
            of: m.request.of.map(partyName).join(', '),
          })}
          {m.request.at && ` (${dateTime(m.request.at, d.timeZone)})`}
          {m.request.replies.map((r) => (
            <span key={r.party}>
              {' · '}
              {t(`meetings.reply.${r.reply}`, { party: partyName(r.party) })}
              {r.at && ` (${dateTime(r.at, d.timeZone)})`}
            </span>
          ))}
        </p>
      )}
      {m.participants.length > 0 && (
        <p>
          {t('meetings.participants')}: {m.participants.map((p) => itemText(p, partyName)).join(', ')}
        </p>
      )}
      {m.agenda.length > 0 && (
        <p>
          {t('meetings.agenda')}: {m.agenda.map((p) => itemText(p, partyName)).join(', ')}
        </p>
      )}
      {m.notes && (
        <div className="notes">
          <h4>{t('meetings.notes')}</h4>
          <p>{m.notes}</p>
        </div>
      )}
      <p className="muted small">
        {m.announcedAt
          ? t('meetings.announced', { time: dateTime(m.announcedAt, d.timeZone) })
          : t('meetings.notAnnounced')}
      </p>
    </li>
  );
}

/** The meetings the reader may see: who asked for each, who accepted, where and when, and what came of it. */
export function MeetingsPage() {
  const { t } = useI18n();
  const d = useCurrentDossier();
  const meetings = useMeetings(d.key);
  if (meetings.isPending) return <Loading />;
  if (meetings.isError) return <ErrorState error={meetings.error} />;
  return (
    <section>
      <h2>{t('nav.meetings')}</h2>
      {meetings.data.length === 0 ? (
        <p className="muted">{t('meetings.none')}</p>
      ) : (
        <ul className="cards">
          {meetings.data.map((m) => (
            <MeetingCard key={m.key} m={m} />
          ))}
        </ul>
      )}
    </section>
  );
}
