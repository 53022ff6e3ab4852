import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { call, dossierPath } from '../api/client.ts';
import { keys, useResponse, useVersion } from '../api/queries.ts';
import { PositionBadge } from '../components/badges.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ProblemList } from '../components/problem-list.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** One submitted response: every answer beside its point; publish it (its lead) or print it as a letter. */
export function ResponsePage() {
  const { response = '' } = useParams();
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const client = useQueryClient();
  const r = useResponse(d.key, response);
  const v = useVersion(d.key, r.data?.document ?? '', r.data?.version ?? null);
  const [confirming, setConfirming] = useState(false);
  const publish = useMutation({
    mutationFn: () => call('POST', dossierPath(d.key, 'responses', response, 'publication'), { body: {} }),
    onSuccess: async () => {
      setConfirming(false);
      await client.invalidateQueries({ queryKey: keys.dossier(d.key) });
    },
    onError: () => setConfirming(false),
  });
  if (r.isPending) return <Loading />;
  if (r.isError) return <ErrorState error={r.error} />;
  const res = r.data;
  const base = `/d/${encodeURIComponent(d.key)}`;
  const answers = new Map(res.answers.map((a) => [a.point, a]));
  const points = v.data?.points ?? [];
  return (
    <article className="response">
      <p className="eyebrow">{t('response.eyebrow')}</p>
      <h2>
        {t('response.title', { party: partyName(res.party) })}:{' '}
        <Link to={`${base}/documents/${encodeURIComponent(res.document)}/v/${res.version}`}>
          {v.data?.title ?? res.document}
        </Link>{' '}
        <span className="muted">{t('document.versionN', { n: res.version })}</span>
      </h2>
      <p className="muted">
        {t('response.submittedAt', { time: dateTime(res.submittedAt, d.timeZone) })} ·{' '}
        {res.partial
          ? t('response.partial', {
              answered: res.answered,
              total: points.filter((p) => p.demandsAnswer).length,
            })
          : t('response.complete')}{' '}
        ·{' '}
        {res.publishedAt
          ? t('documents.publishedAt', { time: dateTime(res.publishedAt, d.timeZone) })
          : t('documents.notPublished')}
      </p>
      {res.supersededBy && (
        <p className="note">
          {t('response.supersededBy')}{' '}
          <Link to={`${base}/responses/${encodeURIComponent(res.supersededBy)}`}>{res.supersededBy}</Link>
        </p>
      )}
      <div className="toolbar">
        <Link to={`${base}/responses/${encodeURIComponent(res.key)}/letter`}>{t('response.letter')}</Link>
        {res.abilities['response.publish'] && (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('publish.response')}
          </button>
        )}
      </div>
      <ProblemList error={publish.error} />
      <ol className="points plain">
        {(points.length
          ? points
          : res.answers.map((a) => ({
              key: a.point,
              label: a.point,
              heading: null,
              text: null,
              depth: 0,
              demandsAnswer: true,
            }))
        ).map((p) => {
          const a = answers.get(p.key);
          return (
            <li key={p.key} id={p.key} className={`point depth-${Math.min(p.depth, 4)}`}>
              <div className="point-text">
                <h3 className="point-label">
                  {p.label}
                  {p.heading && <span className="point-heading"> {p.heading}</span>}
                </h3>
                {p.text && <p className="muted">{p.text}</p>}
              </div>
              {p.demandsAnswer && (
                <div className="point-beside">
                  {a ? (
                    <>
                      <p>
                        <PositionBadge position={a.position} />
                        {a.carried && <span className="muted small"> {t('answer.carried')}</span>}
                      </p>
                      {a.text && <p className="answer-text">{a.text}</p>}
                      {a.proposedText && (
                        <blockquote className="proposed">
                          <span className="muted small">{t('answer.proposedText')}</span>
                          <br />
                          {a.proposedText}
                        </blockquote>
                      )}
                    </>
                  ) : (
                    <p className="muted">{t('matrix.noAnswer')}</p>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <ConfirmDialog
        open={confirming}
        title={t('publish.confirmTitle')}
        confirmLabel={t('publish.confirm')}
        busy={publish.isPending}
        onConfirm={() => publish.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('publish.confirmResponse')}</p>
      </ConfirmDialog>
    </article>
  );
}
