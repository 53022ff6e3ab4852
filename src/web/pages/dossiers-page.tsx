import { Link } from 'react-router';
import { useDossiers, useSession } from '../api/queries.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The dossiers the caller may see; for a visitor, those with something published. */
export function DossiersPage() {
  const { t } = useI18n();
  const session = useSession();
  const dossiers = useDossiers();
  const signedIn = Boolean(session.data?.user);
  return (
    <section>
      <h1>{t('dossiers.title')}</h1>
      <p className="lead">{signedIn ? t('dossiers.introMember') : t('dossiers.introVisitor')}</p>
      {dossiers.isPending ? (
        <Loading />
      ) : dossiers.isError ? (
        <ErrorState error={dossiers.error} />
      ) : dossiers.data.length === 0 ? (
        <p className="muted">{t('dossiers.none')}</p>
      ) : (
        <ul className="cards">
          {dossiers.data.map((d) => (
            <li key={d.key} className="card">
              <h2>
                <Link to={`/d/${encodeURIComponent(d.key)}`}>{d.title}</Link>
              </h2>
              <p className="muted">
                {t('dossiers.counts', {
                  parties: t('count.parties', { count: d.parties }),
                  documents: t('count.documents', { count: d.documents }),
                  deliveries: t('count.deliveries', { count: d.deliveries }),
                  responses: t('count.responses', { count: d.responses }),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
