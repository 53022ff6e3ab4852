import { useStatements } from '../api/queries.ts';
import { useCurrentDossier } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { StatementQuote } from '../components/statement-quote.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Public statements in the order they were made, each with its speaker, medium and source. */
export function StatementsPage() {
  const { t } = useI18n();
  const d = useCurrentDossier();
  const statements = useStatements(d.key);
  if (statements.isPending) return <Loading />;
  if (statements.isError) return <ErrorState error={statements.error} />;
  return (
    <section>
      <h2>{t('nav.statements')}</h2>
      {statements.data.length === 0 ? (
        <p className="muted">{t('statements.none')}</p>
      ) : (
        <ul className="plain statements">
          {statements.data.map((s) => (
            <StatementQuote key={s.key} statement={s} />
          ))}
        </ul>
      )}
    </section>
  );
}
