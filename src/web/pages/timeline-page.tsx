import { useDeliveries, useDocuments, useTimeline, type TimelineFilter } from '../api/queries.ts';
import { TIMELINE_KINDS, type Delivery, type Document, type TimelineEntry } from '../api/types.ts';
import { TimelineSentence } from '../components/timeline-sentence.tsx';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { fromLocalInput, toLocalInput } from '../lib/local-time.ts';
import { useQueryParams } from '../lib/use-search-params.ts';

function Entry({
  e,
  documents,
  deliveries,
}: {
  e: TimelineEntry;
  documents: Document[];
  deliveries: Delivery[];
}) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const known = (TIMELINE_KINDS as readonly string[]).includes(e.kind);
  return (
    <li className={`timeline-entry kind-${e.kind}`}>
      <time dateTime={e.at}>{dateTime(e.at, d.timeZone)}</time>
      <div>
        <p>
          <span className="badge kind">
            {known ? t(`timelineKind.${e.kind as (typeof TIMELINE_KINDS)[number]}`) : e.kind}
          </span>{' '}
          <TimelineSentence entry={e} documents={documents} deliveries={deliveries} />
        </p>
        {e.parties.length > 0 && <p className="muted small">{e.parties.map(partyName).join(', ')}</p>}
      </div>
    </li>
  );
}

/** Everything that happened in the dossier that the reader may see, in order, with filters and "as of". */
export function TimelinePage() {
  const { t } = useI18n();
  const d = useCurrentDossier();
  const [params, setQuery] = useQueryParams();
  const filter: TimelineFilter = {
    at: params.get('at') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    party: params.get('party') ?? undefined,
    kind: params.get('kind') ?? undefined,
    document: params.get('document') ?? undefined,
    point: params.get('point') ?? undefined,
  };
  const timeline = useTimeline(d.key, filter);
  const documents = useDocuments(d.key);
  const deliveries = useDeliveries(d.key);
  const set = (name: keyof TimelineFilter, value: string | null) => setQuery({ [name]: value });
  const instant = (name: 'from' | 'to' | 'at', label: string) => (
    <label>
      {label}
      <input
        type="datetime-local"
        value={filter[name] ? toLocalInput(filter[name]) : ''}
        onChange={(e) => set(name, e.target.value ? fromLocalInput(e.target.value) : null)}
      />
    </label>
  );
  return (
    <section>
      <h2>{t('nav.timeline')}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('timeline.filters')}>
        <label>
          {t('timeline.party')}
          <select value={filter.party ?? ''} onChange={(e) => set('party', e.target.value || null)}>
            <option value="">{t('timeline.everyone')}</option>
            {d.parties.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('timeline.kind')}
          <select value={filter.kind ?? ''} onChange={(e) => set('kind', e.target.value || null)}>
            <option value="">{t('timeline.allKinds')}</option>
            {TIMELINE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`timelineKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {instant('from', t('timeline.from'))}
        {instant('to', t('timeline.to'))}
        {instant('at', t('asOf.label'))}
        {filter.point && (
          <p className="chip">
            {t('timeline.aboutPoint', { point: filter.point })}{' '}
            <button type="button" onClick={() => setQuery({ point: null, document: null })}>
              {t('timeline.clearPoint')}
            </button>
          </p>
        )}
      </form>
      {timeline.isPending ? (
        <Loading />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} />
      ) : timeline.data.entries.length === 0 ? (
        <p className="muted">{t('timeline.none')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('timeline.count', { count: timeline.data.entries.length })}
          </p>
          <ol className="timeline plain">
            {timeline.data.entries.map((e, i) => (
              <Entry
                key={`${e.at}-${e.kind}-${e.subject.key}-${i}`}
                e={e}
                documents={documents.data ?? []}
                deliveries={deliveries.data ?? []}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
