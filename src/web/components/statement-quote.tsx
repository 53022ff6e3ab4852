import type { Statement } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCurrentDossier, usePartyName } from './dossier-layout.tsx';

/** One public statement: the words (or a report of them), who said them, when and where. */
export function StatementQuote({ statement: s }: { statement: Statement }) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  return (
    <li className="statement" id={`statement-${s.key}`}>
      {s.quote ? (
        <blockquote lang="" className="quote">
          “{s.quote}”
        </blockquote>
      ) : (
        s.summary && <p className="summary">{s.summary}</p>
      )}
      <p className="muted small">
        {s.speaker.name}
        {s.speaker.title && `, ${s.speaker.title}`}
        {s.speaker.party && ` (${partyName(s.speaker.party)})`} · {t(`medium.${s.medium}`)}
        {s.outlet && `, ${s.outlet}`} · <time dateTime={s.saidAt}>{dateTime(s.saidAt, d.timeZone)}</time>
        {s.sourceUrl && (
          <>
            {' · '}
            <a href={s.sourceUrl} rel="noreferrer noopener" target="_blank">
              {t('statements.source')}
            </a>
          </>
        )}
      </p>
    </li>
  );
}
