import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, call, dossierPath } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { LedgerCheckpoint, LedgerEntries, LedgerKey, RevealedLedgerEntry } from '../api/types.ts';
import { useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import {
  VerifierUnavailable,
  verifyBundle,
  type VerifyProgress,
  type VerifyReport,
} from '../lib/verify-bundle.ts';

const PAGE_SIZE = 50;
// The most entries (by index) the API lists at once.
const WINDOW = 1000;

const keyQuery = {
  queryKey: ['ledger-key'],
  queryFn: () => call<LedgerKey>('GET', '/ledger/key'),
  staleTime: Infinity,
};

function checkpointQuery(d: string) {
  return {
    queryKey: [...keys.dossier(d), 'ledger', 'checkpoint'],
    queryFn: () => call<LedgerCheckpoint>('GET', dossierPath(d, 'ledger', 'checkpoint')),
  };
}

/** Whether the server said there is nothing signed (no checkpoint yet, or no signing key). */
const noCheckpoint = (error: unknown) => error instanceof ApiError && error.code === 'ledger.no_checkpoint';

/** The dossier's ledger: the verifier key, the latest checkpoint, a verify button, and the entries. */
export function LedgerPage() {
  const { t } = useI18n();
  const d = useCurrentDossier();
  const key = useQuery(keyQuery);
  const checkpoint = useQuery(checkpointQuery(d.key));
  return (
    <section>
      <h2>{t('ledger.title')}</h2>
      <p className="lead">{t('ledger.intro')}</p>

      <section aria-labelledby="ledger-key">
        <h3 id="ledger-key">{t('ledger.key.title')}</h3>
        {key.isPending ? (
          <Loading />
        ) : key.isError ? (
          noCheckpoint(key.error) ? (
            <p className="muted">{t('ledger.key.none')}</p>
          ) : (
            <ErrorState error={key.error} />
          )
        ) : (
          <>
            <dl className="ledger-facts">
              <dt>{t('ledger.key.name')}</dt>
              <dd>
                <code>{key.data.name}</code>
              </dd>
              <dt>{t('ledger.key.key')}</dt>
              <dd>
                <code className="ledger-hash">{key.data.verifierKey}</code>
              </dd>
            </dl>
            <p className="muted small">{t('ledger.key.help')}</p>
          </>
        )}
      </section>

      <section aria-labelledby="ledger-checkpoint">
        <h3 id="ledger-checkpoint">{t('ledger.checkpoint.title')}</h3>
        {checkpoint.isPending ? (
          <Loading />
        ) : checkpoint.isError ? (
          noCheckpoint(checkpoint.error) ? (
            <p className="muted">{t('ledger.checkpoint.none')}</p>
          ) : (
            <ErrorState error={checkpoint.error} />
          )
        ) : (
          <CheckpointFacts checkpoint={checkpoint.data} />
        )}
      </section>

      <Verify verifierKey={key.data?.verifierKey} />

      <section aria-labelledby="ledger-entries">
        <h3 id="ledger-entries">{t('ledger.entries.title')}</h3>
        {checkpoint.isSuccess ? (
          <Entries size={checkpoint.data.size} />
        ) : checkpoint.isPending ? (
          <Loading />
        ) : (
          // Entries are listed up to the latest checkpoint; without one there is nothing to page from.
          noCheckpoint(checkpoint.error) && <p className="muted">{t('ledger.checkpoint.none')}</p>
        )}
      </section>
    </section>
  );
}

function CheckpointFacts({ checkpoint }: { checkpoint: LedgerCheckpoint }) {
  const { t, number, dateTime } = useI18n();
  const d = useCurrentDossier();
  return (
    <>
      <dl className="ledger-facts">
        <dt>{t('ledger.checkpoint.size')}</dt>
        <dd>{number(checkpoint.size)}</dd>
        <dt>{t('ledger.checkpoint.root')}</dt>
        <dd>
          <code className="ledger-hash">{checkpoint.rootHash}</code>
        </dd>
        <dt>{t('ledger.checkpoint.signedAt')}</dt>
        <dd>
          <time dateTime={checkpoint.signedAt}>{dateTime(checkpoint.signedAt, d.timeZone)}</time>
        </dd>
      </dl>
      <figure className="ledger-note">
        <figcaption>{t('ledger.checkpoint.note')}</figcaption>
        <pre>{checkpoint.note}</pre>
      </figure>
    </>
  );
}

type Run =
  | { state: 'idle' }
  | { state: 'downloading' }
  | { state: 'checking'; progress: VerifyProgress }
  | { state: 'done'; report: VerifyReport; withheld: number; signedAt: string | null }
  | { state: 'unavailable' }
  | { state: 'failed'; error: unknown };

/** Downloads the bundle as the caller may have it and verifies it here, with WebCrypto. */
function Verify({ verifierKey }: { verifierKey: string | undefined }) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const client = useQueryClient();
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const stop = useRef<AbortController | null>(null);
  useEffect(() => () => stop.current?.abort(), []);
  const busy = run.state === 'downloading' || run.state === 'checking';
  const bundlePath = dossierPath(d.key, 'ledger', 'bundle');
  const fileName = `${d.key}.ledger-bundle.json`;

  async function start() {
    stop.current?.abort();
    const controller = new AbortController();
    stop.current = controller;
    const { signal } = controller;
    setRun({ state: 'downloading' });
    try {
      const bundle = await call<{ entries?: { entry?: unknown }[] }>('GET', bundlePath, { signal });
      const report = await verifyBundle(bundle, {
        key: verifierKey,
        signal,
        onProgress: (progress) => setRun({ state: 'checking', progress }),
      });
      // The signing time is the server's record, not part of the signed note: take it from the
      // checkpoint route when that still serves the note that was verified.
      const latest = await client.fetchQuery({ ...checkpointQuery(d.key), staleTime: 0 }).catch(() => null);
      const withheld = (bundle.entries ?? []).filter((e) => e?.entry === undefined).length;
      if (signal.aborted) return;
      setRun({
        state: 'done',
        report,
        withheld,
        signedAt: latest && latest.note === report.checkpoint ? latest.signedAt : null,
      });
    } catch (error) {
      if (signal.aborted) return;
      setRun(error instanceof VerifierUnavailable ? { state: 'unavailable' } : { state: 'failed', error });
    }
  }

  let status = '';
  if (run.state === 'downloading') status = t('ledger.verify.downloading');
  if (run.state === 'checking') {
    const { stage, done, total } = run.progress;
    status = t(stage === 'entries' ? 'ledger.verify.entries' : 'ledger.verify.tree', { done, total });
  }
  if (run.state === 'done' && run.report.ok) {
    const size = run.report.size ?? 0;
    status = run.signedAt
      ? t('ledger.verify.ok', { count: size, size, at: dateTime(run.signedAt, d.timeZone) })
      : t('ledger.verify.okUndated', { count: size, size });
    if (run.withheld > 0) status += ` ${t('ledger.verify.withheld', { count: run.withheld })}`;
  }
  const failed = run.state === 'done' && !run.report.ok ? run.report : null;
  const first = failed?.findings.find((f) => f.index !== undefined);

  return (
    <section aria-labelledby="ledger-verify">
      <h3 id="ledger-verify">{t('ledger.verify.title')}</h3>
      <p>{t('ledger.verify.explain')}</p>
      <p>
        <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
          {t('ledger.verify.button')}
        </button>
      </p>
      {/* Always present, so that screen readers announce each change of what it says. */}
      <div
        role="status"
        className={status && run.state === 'done' ? 'ledger-result success' : 'ledger-result'}
      >
        {run.state === 'checking' && (
          <progress
            value={run.progress.done}
            max={Math.max(run.progress.total, 1)}
            aria-label={t('ledger.verify.progress')}
          />
        )}
        {status && (
          <p>
            {run.state === 'done' && (
              <span aria-hidden="true" className="ledger-mark">
                ✓{' '}
              </span>
            )}
            {status}
          </p>
        )}
      </div>
      {failed && (
        <div role="alert" className="ledger-result error">
          <p>
            <span aria-hidden="true" className="ledger-mark">
              ✗{' '}
            </span>
            <strong>
              {first?.index !== undefined
                ? t('ledger.verify.failedAt', { index: String(first.index) })
                : t('ledger.verify.failed')}
            </strong>
          </p>
          <p>{t('ledger.verify.findings')}</p>
          <ul lang="en">
            {failed.findings.map((f, i) => (
              <li key={i}>
                <code>{f.message}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {run.state === 'unavailable' && (
        <p role="alert" className="error">
          {t('ledger.verify.unavailable')}
        </p>
      )}
      {run.state === 'failed' &&
        (noCheckpoint(run.error) ? (
          <p role="alert" className="error">
            {t('ledger.checkpoint.none')}
          </p>
        ) : (
          <ErrorState error={run.error} />
        ))}
      <p>
        <a href={`/api/v1${bundlePath}`} download={fileName}>
          {t('ledger.download.link')}
        </a>
      </p>
      <p className="muted small">{t('ledger.download.help')}</p>
      <pre className="ledger-command">
        <code>
          pointwise ledger verify {fileName}
          {verifierKey ? ` --key '${verifierKey}'` : ''}
        </code>
      </pre>
    </section>
  );
}

/**
 * The newest PAGE_SIZE entries the caller may read below index `before`. The API lists a range of
 * indexes with what the caller may not read left out, so a party's page may take several ranges.
 */
async function newestBefore(
  d: string,
  before: number,
): Promise<{ entries: RevealedLedgerEntry[]; older: number | null }> {
  const found: RevealedLedgerEntry[] = [];
  let to = before;
  while (to > 0 && found.length < PAGE_SIZE) {
    const from = Math.max(0, to - WINDOW);
    const { entries } = await call<LedgerEntries>('GET', dossierPath(d, 'ledger', 'entries'), {
      query: { from: String(from), to: String(to) },
    });
    for (let i = entries.length - 1; i >= 0; i--) found.push(entries[i]!);
    to = from;
  }
  const page = found.slice(0, PAGE_SIZE);
  const more = found.length > PAGE_SIZE || to > 0;
  return { entries: page, older: more && page.length > 0 ? page.at(-1)!.index : null };
}

/** The entries the caller may read, newest first, a page at a time, up to the latest checkpoint. */
function Entries({ size }: { size: number }) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  // Where each page after the first starts (below which index); the first follows the checkpoint.
  const [pages, setPages] = useState<number[]>([]);
  const before = pages.at(-1) ?? size;
  const page = useQuery({
    queryKey: [...keys.dossier(d.key), 'ledger', 'entries', before],
    queryFn: () => newestBefore(d.key, before),
    placeholderData: (previous) => previous,
  });
  const actor = (a: RevealedLedgerEntry['entry']['actor']) =>
    a.kind === 'party' && a.party
      ? partyName(a.party)
      : a.kind === 'system'
        ? t('ledger.entries.system', { label: a.label ?? '' })
        : a.kind;
  if (page.isPending) return <Loading />;
  if (page.isError) return <ErrorState error={page.error} />;
  const { entries, older } = page.data;
  return (
    <>
      <p className="muted small">{t('ledger.entries.hiddenNote')}</p>
      {entries.length === 0 ? (
        <p className="muted">{t('ledger.entries.none')}</p>
      ) : (
        <div className="ledger-table">
          <table>
            <caption className="visually-hidden">{t('ledger.entries.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ledger.entries.index')}</th>
                <th scope="col">{t('ledger.entries.type')}</th>
                <th scope="col">{t('ledger.entries.subject')}</th>
                <th scope="col">{t('ledger.entries.actor')}</th>
                <th scope="col">{t('ledger.entries.recordedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ index, entry }) => (
                <tr key={index}>
                  <th scope="row">{index}</th>
                  <td>
                    <code>{entry.type}</code>
                  </td>
                  <td>
                    <code>{entry.subject}</code>
                  </td>
                  <td>{actor(entry.actor)}</td>
                  <td>
                    <time dateTime={entry.recordedAt}>{dateTime(entry.recordedAt, d.timeZone)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t('ledger.entries.pages')} className="toolbar">
        <button type="button" onClick={() => setPages((p) => p.slice(0, -1))} disabled={pages.length === 0}>
          {t('ledger.entries.newer')}
        </button>
        <button
          type="button"
          onClick={() => older !== null && setPages((p) => [...p, older])}
          disabled={older === null || page.isPlaceholderData}
        >
          {t('ledger.entries.older')}
        </button>
        {entries.length > 0 && (
          <span className="muted small" aria-live="polite">
            {t('ledger.entries.range', {
              newest: String(entries[0]!.index),
              oldest: String(entries.at(-1)!.index),
            })}
          </span>
        )}
      </nav>
    </>
  );
}
