import { Link } from 'react-router';
import { useDocuments } from '../api/queries.ts';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The documents the caller may see, each with its versions, their state, and the redlines between them. */
export function DocumentsPage() {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const documents = useDocuments(d.key);
  const base = `/d/${encodeURIComponent(d.key)}/documents`;
  if (documents.isPending) return <Loading />;
  if (documents.isError) return <ErrorState error={documents.error} />;
  return (
    <section>
      <h2>{t('nav.documents')}</h2>
      {documents.data.length === 0 && <p className="muted">{t('documents.none')}</p>}
      <ul className="cards">
        {documents.data.map((doc) => (
          <li key={doc.key} className="card">
            <h3>{doc.title}</h3>
            <p className="muted">
              {t(`documentKind.${doc.kind}`)} · {t('documents.author', { party: partyName(doc.author) })}
            </p>
            <ul className="versions">
              {doc.versions.map((v, i) => (
                <li key={v.number}>
                  <Link to={`${base}/${encodeURIComponent(doc.key)}/v/${v.number}`}>
                    {t('document.versionN', { n: v.number })}
                  </Link>{' '}
                  <span className="muted">
                    {dateTime(v.createdAt, d.timeZone)} · {t('count.points', { count: v.points })} ·{' '}
                    {v.publishedAt
                      ? t('documents.publishedAt', { time: dateTime(v.publishedAt, d.timeZone) })
                      : t('documents.notPublished')}
                  </span>
                  {i > 0 && (
                    <>
                      {' '}
                      <Link
                        to={`${base}/${encodeURIComponent(doc.key)}/diff/${doc.versions[i - 1]!.number}/${v.number}`}
                      >
                        {t('documents.changesSince', { n: doc.versions[i - 1]!.number })}
                      </Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
