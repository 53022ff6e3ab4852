import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { NavLink, Outlet, useParams } from 'react-router';
import { keys, useDossier } from '../api/queries.ts';
import type { Dossier } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorState, Loading } from './states.tsx';

const DossierContext = createContext<Dossier | null>(null);
/** Counts the changes the server announced, so a page that keeps its own state (the editor) can catch up. */
const ChangesContext = createContext(0);

/** A number that grows each time the server says something the caller may see changed. */
export function useChangeCount(): number {
  return useContext(ChangesContext);
}

/** The dossier the page is in, as the caller may see it (with the caller's membership). */
export function useCurrentDossier(): Dossier {
  const d = useContext(DossierContext);
  if (!d) throw new Error('useCurrentDossier outside a dossier page');
  return d;
}

/** A party's name, or its key when the party is not listed. */
export function usePartyName(): (key: string) => string {
  const d = useCurrentDossier();
  // Stable while the dossier is, so memoised parts (the matrix header) need not re-render.
  return useMemo(() => {
    const names = new Map(d.parties.map((p) => [p.key, p.name]));
    return (key: string) => names.get(key) ?? key;
  }, [d]);
}

type Live = 'connecting' | 'live' | 'offline';

/**
 * Refreshes what the page shows when the server says something the caller may see changed, or a
 * deadline passed. Drafts are left alone: the editor holds what is being typed.
 */
function useLiveUpdates(dossier: string): { live: Live; changes: number } {
  const client = useQueryClient();
  const [state, setState] = useState<Live>('connecting');
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/dossiers/${encodeURIComponent(dossier)}/events`);
    const refresh = () =>
      client.invalidateQueries({
        queryKey: keys.dossier(dossier),
        predicate: (q) => q.queryKey[2] !== 'draft',
      });
    source.addEventListener('open', () => setState('live'));
    source.addEventListener('error', () =>
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
    );
    source.addEventListener('changed', () => {
      setChanges((n) => n + 1);
      void refresh();
    });
    source.addEventListener('deadline', () => void refresh());
    return () => source.close();
  }, [client, dossier]);
  return { live: state, changes };
}

/** The frame of a dossier's pages: its title, your part in it, the tabs, and live updates. */
export function DossierLayout() {
  const { dossier = '' } = useParams();
  const { t } = useI18n();
  const query = useDossier(dossier);
  const { live, changes } = useLiveUpdates(dossier);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} />;
  const d = query.data;
  const party = d.membership ? d.parties.find((p) => p.key === d.membership!.party)?.name : null;
  const tab = (to: string, label: string, end = false) => (
    <li>
      <NavLink to={to} end={end}>
        {label}
      </NavLink>
    </li>
  );
  return (
    <DossierContext.Provider value={d}>
      <ChangesContext.Provider value={changes}>
        <div className="dossier-head">
          <div>
            <p className="eyebrow">{t('dossier.eyebrow')}</p>
            <h1 className="dossier-title">{d.title}</h1>
            <p className="muted">
              {d.membership && party
                ? t('dossier.youAre', { party, role: t(`role.${d.membership.role}`) })
                : t('dossier.publicView')}{' '}
              · {t('dossier.timeZone', { zone: d.timeZone })}{' '}
              <span className={`live live-${live}`} role="status">
                {t(`live.${live}`)}
              </span>
            </p>
          </div>
        </div>
        <nav aria-label={t('nav.dossier')} className="tabs">
          <ul>
            {tab(`/d/${dossier}`, t('nav.dashboard'), true)}
            {tab(`/d/${dossier}/documents`, t('nav.documents'))}
            {tab(`/d/${dossier}/timeline`, t('nav.timeline'))}
            {tab(`/d/${dossier}/meetings`, t('nav.meetings'))}
            {tab(`/d/${dossier}/statements`, t('nav.statements'))}
            {tab(`/d/${dossier}/ledger`, t('nav.ledger'))}
          </ul>
        </nav>
        <Outlet />
      </ChangesContext.Provider>
    </DossierContext.Provider>
  );
}
