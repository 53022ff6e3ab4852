import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { call, dossierPath } from '../api/client.ts';
import { useDelivery, useDossier, useResponse, useVersion } from '../api/queries.ts';
import type { ResponseProof } from '../api/types.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The ledger's evidence for the letter: the entry that recorded the response and the checkpoint that signed it. */
function ProofLine({ dossier, response }: { dossier: string; response: string }) {
  const { t, dateTime } = useI18n();
  const proof = useQuery({
    queryKey: ['dossier', dossier, 'proof', response],
    queryFn: () => call<ResponseProof>('GET', dossierPath(dossier, 'responses', response, 'proof')),
  });
  if (proof.isPending) return <p className="muted">{t('state.loading')}</p>;
  if (proof.isError) return <ErrorState error={proof.error} />;
  const p = proof.data;
  return (
    <p className="proof-line">
      {p.checkpoint
        ? t('letter.proof', {
            index: p.entry.index,
            leaf: p.entry.leafHash,
            size: p.checkpoint.size,
            root: p.checkpoint.rootHash,
            time: dateTime(p.checkpoint.signedAt),
          })
        : t('letter.proofPending', { index: p.entry.index, leaf: p.entry.leafHash })}
    </p>
  );
}

/** A response as a printable letter, "Written answers, point by point", ready to print or save as PDF. */
export function LetterPage() {
  const { dossier = '', response = '' } = useParams();
  const { t, dateTime } = useI18n();
  const d = useDossier(dossier);
  const r = useResponse(dossier, response);
  const delivery = useDelivery(dossier, r.data?.delivery ?? '');
  const v = useVersion(dossier, r.data?.document ?? '', r.data?.version ?? null);
  useEffect(() => {
    if (r.data && v.data) document.title = `${t('letter.title')} — ${v.data.title}`;
  }, [r.data, v.data, t]);
  if (d.isPending || r.isPending || v.isPending) return <Loading />;
  for (const q of [d, r, v]) if (q.isError) return <ErrorState error={q.error} />;
  const dossierInfo = d.data!;
  const res = r.data!;
  const ver = v.data!;
  const name = (key: string) => dossierInfo.parties.find((p) => p.key === key)?.name ?? key;
  const answers = new Map(res.answers.map((a) => [a.point, a]));
  const tz = dossierInfo.timeZone;
  return (
    <main id="main" className="letter">
      <nav className="no-print toolbar" aria-label={t('letter.tools')}>
        <Link to={`/d/${encodeURIComponent(dossier)}/responses/${encodeURIComponent(response)}`}>
          {t('letter.back')}
        </Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('letter.print')}
        </button>
      </nav>
      <header className="letter-head">
        <p className="letter-from">{name(res.party)}</p>
        <p>
          {t('letter.to', { party: name(res.from) })}
          <br />
          {dateTime(res.submittedAt, tz)}
        </p>
        <h1>{t('letter.title')}</h1>
        <p>
          {t('letter.re', { title: ver.title, version: ver.number })}
          {delivery.data && (
            <>
              <br />
              {t('letter.delivered', { time: dateTime(delivery.data.deliveredAt, tz) })}
              {delivery.data.dueAt && <> · {t('letter.due', { time: dateTime(delivery.data.dueAt, tz) })}</>}
            </>
          )}
        </p>
        <p>{res.partial ? t('letter.partialNote') : t('letter.completeNote')}</p>
      </header>
      <ol className="letter-points">
        {ver.points
          .filter((p) => p.demandsAnswer || p.depth === 0)
          .map((p) => {
            const a = answers.get(p.key);
            return (
              <li key={p.key}>
                <h2>
                  {p.label}
                  {p.heading && ` — ${p.heading}`}
                </h2>
                {p.demandsAnswer &&
                  (a ? (
                    <>
                      <p>
                        <strong>{t(`position.${a.position}`)}.</strong> {a.text}
                      </p>
                      {a.proposedText && (
                        <p className="letter-proposed">
                          {t('letter.proposed')} “{a.proposedText}”
                        </p>
                      )}
                    </>
                  ) : (
                    <p>
                      <em>{t('letter.noAnswer')}</em>
                    </p>
                  ))}
              </li>
            );
          })}
      </ol>
      <footer className="letter-foot">
        <ProofLine dossier={dossier} response={response} />
      </footer>
    </main>
  );
}
