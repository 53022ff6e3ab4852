import { useCurrentDossier } from '../components/dossier-layout.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The dossier's ledger: its checkpoints, its entries, and a verify button. */
export function LedgerPage() {
  const { t } = useI18n();
  const d = useCurrentDossier();
  return (
    <section>
      <h2>{t('ledger.title')}</h2>
      <p className="muted">{d.key}</p>
    </section>
  );
}
