import { Link, useNavigate, useParams } from 'react-router';
import { useDocument, useVersion } from '../api/queries.ts';
import { useCurrentDossier } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { DiffOp } from '../lib/diff-words.ts';
import { foldUnchanged, redline, type RedlinePoint } from '../lib/redline.ts';

function Ops({ ops }: { ops: DiffOp[] }) {
  const { t } = useI18n();
  return (
    <>
      {ops.map((op, i) =>
        op.kind === 'equal' ? (
          <span key={i}>{op.text}</span>
        ) : op.kind === 'insert' ? (
          <ins key={i}>
            <span className="visually-hidden">[{t('redline.inserted')}: </span>
            {op.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">[{t('redline.deleted')}: </span>
            {op.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </>
  );
}

function Plain({ point }: { point: RedlinePoint }) {
  return (
    <>
      <h3 className="point-label">
        {point.label}
        {point.heading && <span className="point-heading"> {point.heading}</span>}
      </h3>
      {point.text && <p>{point.text}</p>}
    </>
  );
}

/** The redline between two versions of a document: insertions and deletions point by point, the rest folded. */
export function RedlinePage() {
  const { document = '', from = '', to = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const d = useCurrentDossier();
  const doc = useDocument(d.key, document);
  const a = useVersion(d.key, document, Number(from) || null);
  const b = useVersion(d.key, document, Number(to) || null);
  if (doc.isPending || a.isPending || b.isPending) return <Loading />;
  for (const q of [doc, a, b]) if (q.isError) return <ErrorState error={q.error} />;
  const base = `/d/${encodeURIComponent(d.key)}/documents/${encodeURIComponent(document)}`;
  const entries = foldUnchanged(redline(a.data!.points, b.data!.points));
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const e of entries) if (e.kind !== 'folded') counts[e.kind]++;
  const versions = doc.data!.versions;
  const pick = (which: 'from' | 'to', value: string) =>
    void navigate(`${base}/diff/${which === 'from' ? value : from}/${which === 'to' ? value : to}`);
  return (
    <article className="redline">
      <h2>{t('redline.title', { title: b.data!.title })}</h2>
      <div className="toolbar">
        <label>
          {t('redline.from')}
          <select value={from} onChange={(e) => pick('from', e.target.value)}>
            {versions.map((v) => (
              <option key={v.number} value={v.number}>
                {t('document.versionN', { n: v.number })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('redline.to')}
          <select value={to} onChange={(e) => pick('to', e.target.value)}>
            {versions.map((v) => (
              <option key={v.number} value={v.number}>
                {t('document.versionN', { n: v.number })}
              </option>
            ))}
          </select>
        </label>
        <Link to={`${base}/v/${to}`}>{t('redline.read')}</Link>
      </div>
      <p role="status">{t('redline.summary', counts)}</p>
      <ol className="points plain">
        {entries.map((e) =>
          e.kind === 'folded' ? (
            <li key={`folded-${e.points[0]!.key}`} className="folded">
              <details>
                <summary>{t('redline.unchanged', { count: e.points.length })}</summary>
                {e.points.map((p) => (
                  <div key={p.key} className={`point depth-${Math.min(p.depth, 4)}`}>
                    <Plain point={p} />
                  </div>
                ))}
              </details>
            </li>
          ) : e.kind === 'changed' ? (
            <li key={e.point.key} className={`point changed depth-${Math.min(e.point.depth, 4)}`}>
              <p className="change-kind">{t('redline.changed')}</p>
              <h3 className="point-label">
                <Ops ops={e.label} />
                {(e.point.heading || e.before.heading) && (
                  <span className="point-heading">
                    {' '}
                    <Ops ops={e.heading} />
                  </span>
                )}
              </h3>
              <p>
                <Ops ops={e.text} />
              </p>
            </li>
          ) : (
            <li
              key={`${e.kind}-${e.point.key}`}
              className={`point ${e.kind} depth-${Math.min(e.point.depth, 4)}`}
            >
              <p className="change-kind">{t(e.kind === 'added' ? 'redline.added' : 'redline.removed')}</p>
              {e.kind === 'added' ? (
                <ins className="block">
                  <Plain point={e.point} />
                </ins>
              ) : (
                <del className="block">
                  <Plain point={e.point} />
                </del>
              )}
            </li>
          ),
        )}
      </ol>
    </article>
  );
}
