import { useQueries } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import {
  responseQuery,
  useDeliveries,
  useDocument,
  useResponses,
  useStatements,
  useVersion,
} from '../api/queries.ts';
import type { Answer, Response, Statement, VersionPoint } from '../api/types.ts';
import { PositionBadge } from '../components/badges.tsx';
import { DeliverForm, PublishVersionButton } from '../components/document-actions.tsx';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { StatementQuote } from '../components/statement-quote.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Statements about one point of a document (or, with `point` null, about the document as a whole). */
function about(statements: Statement[], document: string, point: string | null) {
  return statements.filter((s) =>
    s.about.some((a) =>
      point === null
        ? a.kind === 'document' && a.key === document
        : a.kind === 'point' && a.key === point && (a.document === undefined || a.document === document),
    ),
  );
}

function AnswerBeside({ response, answer }: { response: Response; answer: Answer }) {
  const { t } = useI18n();
  const partyName = usePartyName();
  const d = useCurrentDossier();
  return (
    <li className="beside-answer">
      <p>
        <Link to={`/d/${encodeURIComponent(d.key)}/responses/${encodeURIComponent(response.key)}`}>
          {partyName(response.party)}
        </Link>{' '}
        <PositionBadge position={answer.position} />
        {answer.carried && <span className="muted small"> {t('answer.carried')}</span>}
      </p>
      {answer.text && <p className="answer-text">{answer.text}</p>}
      {answer.proposedText && (
        <blockquote className="proposed">
          <span className="muted small">{t('answer.proposedText')}</span>
          <br />
          {answer.proposedText}
        </blockquote>
      )}
    </li>
  );
}

/** The document reader: the text point by point, with every answer and statement the reader may see beside it. */
export function ReaderPage() {
  const { document = '', version = '' } = useParams();
  const n = Number(version);
  const { t, dateTime } = useI18n();
  const navigate = useNavigate();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const doc = useDocument(d.key, document);
  const v = useVersion(d.key, document, Number.isInteger(n) ? n : null);
  const deliveries = useDeliveries(d.key);
  const responses = useResponses(d.key);
  const statements = useStatements(d.key);

  const mine = (deliveries.data ?? []).filter((x) => x.document === document && x.version === n);
  // Responses to this version the reader may see (a visitor sees published ones without their delivery).
  const current = (responses.data ?? []).filter(
    (r) => r.supersededBy === null && r.document === document && r.version === n,
  );
  const full = useQueries({ queries: current.map((r) => responseQuery(d.key, r.key)) });
  const loaded = full.flatMap((q) => (q.data ? [q.data] : []));

  if (v.isPending || doc.isPending) return <Loading />;
  if (v.isError) return <ErrorState error={v.error} />;
  if (doc.isError) return <ErrorState error={doc.error} />;
  const ver = v.data;
  const summary = doc.data.versions.find((x) => x.number === ver.number);
  const base = `/d/${encodeURIComponent(d.key)}/documents/${encodeURIComponent(document)}`;
  const others = doc.data.versions.filter((x) => x.number !== ver.number);

  const aboutDocument = about(statements.data ?? [], document, null);
  const answersTo = (p: VersionPoint) =>
    loaded.flatMap((r) => {
      const a = r.answers.find((x) => x.point === p.key);
      return a ? [{ response: r, answer: a }] : [];
    });

  return (
    <article className="reader">
      <header className="reader-head">
        <p className="eyebrow">
          {t(`documentKind.${doc.data.kind}`)} · {t('documents.author', { party: partyName(ver.author) })}
        </p>
        <h2>{ver.title}</h2>
        <p className="muted">
          {t('document.versionN', { n: ver.number })} · {dateTime(ver.createdAt, d.timeZone)} ·{' '}
          {ver.publishedAt
            ? t('documents.publishedAt', { time: dateTime(ver.publishedAt, d.timeZone) })
            : t('documents.notPublished')}
        </p>
        <div className="toolbar">
          {doc.data.versions.length > 1 && (
            <label>
              {t('reader.version')}
              <select value={ver.number} onChange={(e) => void navigate(`${base}/v/${e.target.value}`)}>
                {doc.data.versions.map((x) => (
                  <option key={x.number} value={x.number}>
                    {t('document.versionN', { n: x.number })}
                  </option>
                ))}
              </select>
            </label>
          )}
          {others.length > 0 && (
            <Link to={`${base}/diff/${others[others.length - 1]!.number}/${ver.number}`}>
              {t('reader.compare')}
            </Link>
          )}
          {summary?.abilities['version.publish'] && (
            <PublishVersionButton document={document} version={ver.number} />
          )}
        </div>
        {summary?.abilities['version.deliver'] && (
          <DeliverForm document={document} version={ver.number} author={ver.author} />
        )}
        {mine.length > 0 && (
          <p className="muted">
            {mine.map((x) => (
              <span key={x.key} className="delivered-to">
                {t('reader.deliveredTo', {
                  to: x.to.map(partyName).join(', '),
                  time: dateTime(x.deliveredAt, d.timeZone),
                })}
                {x.abilities['draft.read'] && (
                  <>
                    {' '}
                    <Link
                      to={`/d/${encodeURIComponent(d.key)}/deliveries/${encodeURIComponent(x.key)}/respond`}
                    >
                      {t('delivery.answer')}
                    </Link>
                  </>
                )}
              </span>
            ))}
          </p>
        )}
      </header>
      {aboutDocument.length > 0 && (
        <section aria-label={t('reader.statementsAboutDocument')} className="doc-statements">
          <h3>{t('reader.statementsAboutDocument')}</h3>
          <ul className="plain">
            {aboutDocument.map((s) => (
              <StatementQuote key={s.key} statement={s} />
            ))}
          </ul>
        </section>
      )}
      <ol className="points plain">
        {ver.points.map((p) => {
          const beside = answersTo(p);
          const said = about(statements.data ?? [], document, p.key);
          return (
            <li key={p.key} id={p.key} className={`point depth-${Math.min(p.depth, 4)}`}>
              <div className="point-text">
                <h3 className="point-label">
                  {p.label}
                  {p.heading && <span className="point-heading"> {p.heading}</span>}
                </h3>
                {p.text && <p>{p.text}</p>}
                <Link
                  className="small"
                  to={`/d/${encodeURIComponent(d.key)}/timeline?document=${encodeURIComponent(document)}&point=${encodeURIComponent(p.key)}`}
                >
                  {t('reader.pointHistory')}
                  <span className="visually-hidden"> — {p.label}</span>
                </Link>
              </div>
              {(beside.length > 0 || said.length > 0) && (
                <div className="point-beside">
                  {beside.length > 0 && (
                    <ul className="plain" aria-label={t('reader.answersTo', { point: p.label })}>
                      {beside.map(({ response, answer }) => (
                        <AnswerBeside key={response.key} response={response} answer={answer} />
                      ))}
                    </ul>
                  )}
                  {said.length > 0 && (
                    <ul className="plain" aria-label={t('reader.statementsAbout', { point: p.label })}>
                      {said.map((s) => (
                        <StatementQuote key={s.key} statement={s} />
                      ))}
                    </ul>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </article>
  );
}
