import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useDeliveries, useMatrix } from '../api/queries.ts';
import { POSITIONS, type Delivery, type MatrixDelivery } from '../api/types.ts';
import { StatusBadge } from '../components/badges.tsx';
import { Deadline } from '../components/deadline.tsx';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { MatrixGrid } from '../components/matrix-grid.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { fromLocalInput, toLocalInput } from '../lib/local-time.ts';
import { useNow } from '../lib/use-now.ts';
import { useQueryParams } from '../lib/use-search-params.ts';

/** The "as of" control: empty means now; a moment turns every view into the record as it was then. */
function AsOf({ at, onChange }: { at: string | null; onChange: (at: string | null) => void }) {
  const { t, dateTime } = useI18n();
  const [value, setValue] = useState(at ? toLocalInput(at) : '');
  useEffect(() => setValue(at ? toLocalInput(at) : ''), [at]);
  return (
    <form
      className="as-of"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(value ? fromLocalInput(value) : null);
      }}
    >
      <label>
        {t('asOf.label')}
        <input type="datetime-local" step={60} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit">{t('asOf.show')}</button>
      {at && (
        <button type="button" onClick={() => onChange(null)}>
          {t('asOf.now')}
        </button>
      )}
      <span className="muted" role="status">
        {at ? t('asOf.showing', { time: dateTime(at) }) : t('asOf.live')}
      </span>
    </form>
  );
}

function DeliveryCard({
  m,
  delivery,
  now,
}: {
  m: MatrixDelivery;
  delivery: Delivery | undefined;
  now: number;
}) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const base = `/d/${encodeURIComponent(d.key)}`;
  const mine = d.membership ? m.addressees.find((a) => a.party === d.membership!.party) : undefined;
  return (
    <li className="card delivery">
      <h3>
        <Link to={`${base}/documents/${encodeURIComponent(m.document)}/v/${m.version}`}>
          {delivery?.title ?? m.document}
        </Link>{' '}
        <span className="muted">{t('document.versionN', { n: m.version })}</span>
      </h3>
      <p className="muted">
        {t('delivery.fromTo', {
          from: partyName(m.from),
          to: m.addressees.map((a) => partyName(a.party)).join(', '),
        })}{' '}
        · {t('delivery.deliveredAt', { time: dateTime(m.deliveredAt, d.timeZone) })}
      </p>
      <p>
        {m.dueAt ? (
          <>
            {t('delivery.dueAt')} <Deadline dueAt={m.dueAt} timeZone={d.timeZone} now={now} />
          </>
        ) : delivery?.demand ? (
          t('delivery.demandNoDeadline')
        ) : (
          t('delivery.noDemand')
        )}
      </p>
      <ul className="statuses" aria-label={t('delivery.statuses')}>
        {m.addressees.map((a) => (
          <li key={a.party}>
            {a.response ? (
              <Link to={`${base}/responses/${encodeURIComponent(a.response)}`}>{partyName(a.party)}</Link>
            ) : (
              partyName(a.party)
            )}{' '}
            <StatusBadge status={a.status} answered={a.answered} total={a.total} />
            {a.provenAt && (
              <span className="muted small">
                {' '}
                {t('delivery.provenAt', { time: dateTime(a.provenAt, d.timeZone) })}
              </span>
            )}
          </li>
        ))}
      </ul>
      {delivery?.abilities['draft.read'] && (
        <p>
          <Link
            className="button primary"
            to={`${base}/deliveries/${encodeURIComponent(m.delivery)}/respond`}
          >
            {mine?.response ? t('delivery.reviseAnswer') : t('delivery.answer')}
          </Link>
        </p>
      )}
    </li>
  );
}

/** A dossier at a glance: the deliveries with their deadlines, and the matrix of who answered what. */
export function DashboardPage() {
  const { t } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const [params, set] = useQueryParams();
  const at = params.get('at');
  const matrix = useMatrix(d.key, at);
  const deliveries = useDeliveries(d.key);
  const liveNow = useNow();
  const now = at ? new Date(at).getTime() : liveNow;
  const list = matrix.data?.deliveries ?? [];
  const chosenKey = params.get('delivery');
  const chosen = list.find((m) => m.delivery === chosenKey) ?? list[list.length - 1];
  const exportUrl = (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams({ format });
    if (chosen) q.set('delivery', chosen.delivery);
    if (at) q.set('at', at);
    return `/api/v1/dossiers/${encodeURIComponent(d.key)}/matrix/export?${q}`;
  };

  return (
    <>
      <AsOf at={at} onChange={(v) => set({ at: v })} />
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t('dashboard.deliveries')}</h2>
        {matrix.isPending ? (
          <Loading />
        ) : matrix.isError ? (
          <ErrorState error={matrix.error} />
        ) : list.length === 0 ? (
          <p className="muted">{t('dashboard.noDeliveries')}</p>
        ) : (
          <ul className="cards">
            {[...list].reverse().map((m) => (
              <DeliveryCard
                key={m.delivery}
                m={m}
                delivery={deliveries.data?.find((x) => x.key === m.delivery)}
                now={now}
              />
            ))}
          </ul>
        )}
      </section>
      {chosen && (
        <section aria-labelledby="matrix-title" className="matrix-section">
          <div className="section-head">
            <h2 id="matrix-title">{t('dashboard.matrix')}</h2>
            {list.length > 1 && (
              <label>
                {t('dashboard.delivery')}
                <select value={chosen.delivery} onChange={(e) => set({ delivery: e.target.value })}>
                  {list.map((m) => (
                    <option key={m.delivery} value={m.delivery}>
                      {(deliveries.data?.find((x) => x.key === m.delivery)?.title ?? m.document) +
                        ` — ${t('document.versionN', { n: m.version })}`}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <span className="exports">
              <a href={exportUrl('csv')} download>
                {t('export.csv')}
              </a>
              <a href={exportUrl('xlsx')} download>
                {t('export.xlsx')}
              </a>
            </span>
          </div>
          <Legend />
          <MatrixGrid dossier={d.key} delivery={chosen} partyName={partyName} />
        </section>
      )}
    </>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <ul className="legend" aria-label={t('matrix.legend')}>
      {POSITIONS.map((p) => (
        <li key={p}>
          <span className={`swatch pos-${p}`} aria-hidden="true">
            {t(`positionShort.${p}`)}
          </span>
          {t(`position.${p}`)}
        </li>
      ))}
      <li>
        <span className="swatch cell-overdue" aria-hidden="true" />
        {t('matrix.overdueCell')}
      </li>
    </ul>
  );
}
