import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, call, dossierPath } from '../api/client.ts';
import { keys, useDelivery, useDraft } from '../api/queries.ts';
import {
  NEEDS_PROPOSED_TEXT,
  POSITIONS,
  needsText,
  type Draft,
  type DraftAnswer,
  type DraftPoint,
  type SavedDraftAnswer,
  type Submission,
} from '../api/types.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Deadline } from '../components/deadline.tsx';
import { useChangeCount, useCurrentDossier, usePartyName } from '../components/dossier-layout.tsx';
import { ProblemList } from '../components/problem-list.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import {
  allSaved,
  gapsOf,
  progress,
  reduce,
  saveBody,
  sameValues,
  type Action,
  type EditorState,
  type PointState,
} from '../lib/draft-state.ts';
import { useNow } from '../lib/use-now.ts';

const SAVE_AFTER_MS = 600;

/**
 * Saves each point shortly after the person stops typing, one request per point at a time, with
 * the revision it builds on; a 409 becomes a choice between their text and ours.
 */
function useAutosave(dossier: string, delivery: string, state: EditorState, dispatch: (a: Action) => void) {
  const latest = useRef(state);
  latest.current = state;
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const inFlight = useRef(new Set<string>());

  const save = async (key: string) => {
    timers.current.delete(key);
    const p = latest.current.points[key];
    if (!p || p.phase !== 'editing' || inFlight.current.has(key)) return;
    const sent = { position: p.position, text: p.text, proposedText: p.proposedText };
    if (sameValues(sent, p.stored)) {
      dispatch({ type: 'saved', key, revision: p.revision, sent });
      return;
    }
    inFlight.current.add(key);
    dispatch({ type: 'saving', key });
    try {
      const saved = await call<SavedDraftAnswer>(
        'PUT',
        dossierPath(dossier, 'deliveries', delivery, 'draft', key),
        {
          body: saveBody(sent),
          headers: { 'if-match': `"${p.revision}"` },
        },
      );
      dispatch({ type: 'saved', key, revision: saved.revision, sent });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'draft.conflict') {
        const current = error.problem?.current as
          { revision: number; answer: DraftAnswer | null } | undefined;
        if (current) dispatch({ type: 'conflict', key, revision: current.revision, answer: current.answer });
        else dispatch({ type: 'failed', key, message: error.message });
      } else {
        dispatch({ type: 'failed', key, message: error instanceof ApiError ? error.message : String(error) });
      }
    } finally {
      inFlight.current.delete(key);
    }
  };

  useEffect(() => {
    for (const key of state.order) {
      const p = state.points[key]!;
      if (p.phase === 'editing' && !timers.current.has(key) && !inFlight.current.has(key)) {
        timers.current.set(
          key,
          setTimeout(() => void save(key), SAVE_AFTER_MS),
        );
      }
    }
  });

  // Saving now (leaving the page, submitting) instead of waiting for the pause.
  const flush = () => {
    for (const [key, timer] of timers.current) {
      clearTimeout(timer);
      void save(key);
    }
  };
  /** Typing restarts a point's pause. */
  const touched = (key: string) => {
    const timer = timers.current.get(key);
    if (timer) {
      clearTimeout(timer);
      timers.current.delete(key);
    }
  };
  // On leaving, what waits for its pause is saved at once (flush reads refs only).
  useEffect(() => () => flush(), []);
  return { flush, touched };
}

function SaveState({ p }: { p: PointState }) {
  const { t } = useI18n();
  const text =
    p.phase === 'saved'
      ? p.position === null && !p.text
        ? ''
        : t('editor.saved')
      : p.phase === 'saving'
        ? t('editor.saving')
        : p.phase === 'editing'
          ? t('editor.unsaved')
          : p.phase === 'conflict'
            ? t('editor.conflict')
            : t('editor.saveFailed');
  return (
    <span className={`save-state save-${p.phase}`} role="status" aria-live="polite">
      {text}
    </span>
  );
}

function PointRow({
  point,
  p,
  editable,
  dispatch,
  touched,
}: {
  point: DraftPoint;
  p: PointState;
  editable: boolean;
  dispatch: (a: Action) => void;
  touched: (key: string) => void;
}) {
  const { t } = useI18n();
  const id = `answer-${point.key}`;
  const gaps = p.position === null ? [] : gapsOf(p);
  const edit = (patch: Partial<PointState>) => {
    touched(point.key);
    dispatch({ type: 'edit', key: point.key, patch });
  };
  const showProposed = p.position !== null && (NEEDS_PROPOSED_TEXT.has(p.position) || p.proposedText !== '');
  return (
    <li className={`editor-point depth-${Math.min(point.depth, 4)}`} data-point={point.key} id={point.key}>
      <div className="point-text">
        <h3 className="point-label" id={`${id}-label`}>
          {point.label}
          {point.heading && <span className="point-heading"> {point.heading}</span>}
        </h3>
        {point.text && <p>{point.text}</p>}
        <p className="flags">
          {point.carried && <span className="badge carried">{t('editor.carried')}</span>}
          {point.needsAnswer && point.change && (
            <span className="badge needs">
              {t(point.change === 'new' ? 'editor.newPoint' : 'editor.changedPoint')}
            </span>
          )}
        </p>
      </div>
      <fieldset className="point-answer" aria-labelledby={`${id}-label`} disabled={!editable}>
        <div className="answer-head">
          <label>
            {t('answer.position')}
            <select
              className="position-select"
              value={p.position ?? ''}
              onChange={(e) => edit({ position: (e.target.value || null) as PointState['position'] })}
            >
              <option value="">{t('editor.choosePosition')}</option>
              {POSITIONS.map((pos, i) => (
                <option key={pos} value={pos}>
                  {`${i + 1}. ${t(`position.${pos}`)}`}
                </option>
              ))}
            </select>
          </label>
          <SaveState p={p} />
        </div>
        <label>
          {t('answer.text')}
          {p.position !== null && needsText(p.position) && (
            <span className="required"> ({t('editor.required')})</span>
          )}
          <textarea
            rows={3}
            value={p.text}
            onChange={(e) => edit({ text: e.target.value })}
            aria-invalid={gaps.includes('text')}
          />
        </label>
        {showProposed && (
          <label>
            {t('answer.proposedText')}
            {NEEDS_PROPOSED_TEXT.has(p.position!) && (
              <span className="required"> ({t('editor.required')})</span>
            )}
            <textarea
              rows={3}
              value={p.proposedText}
              onChange={(e) => edit({ proposedText: e.target.value })}
              aria-invalid={gaps.includes('proposedText')}
            />
          </label>
        )}
        {gaps.length > 0 && <p className="muted small">{gaps.map((g) => t(`editor.gap.${g}`)).join(' ')}</p>}
        {p.phase === 'error' && (
          <p className="error" role="alert">
            {t('editor.saveFailedDetail', { detail: p.error ?? '' })}{' '}
            <button type="button" onClick={() => dispatch({ type: 'edit', key: point.key, patch: {} })}>
              {t('action.retry')}
            </button>
          </p>
        )}
      </fieldset>
      {p.phase === 'conflict' && p.theirs && (
        <div className="conflict" role="alert">
          <p>
            <strong>{t('editor.conflictTitle')}</strong> {t('editor.conflictText')}
          </p>
          <div className="conflict-sides">
            <div>
              <h4>{t('editor.theirs')}</h4>
              <p>
                {p.theirs.answer.position ? t(`position.${p.theirs.answer.position}`) : t('editor.noAnswer')}
              </p>
              {p.theirs.answer.text && <p className="answer-text">{p.theirs.answer.text}</p>}
              {p.theirs.answer.proposedText && <p className="proposed">{p.theirs.answer.proposedText}</p>}
              <button type="button" onClick={() => dispatch({ type: 'takeTheirs', key: point.key })}>
                {t('editor.takeTheirs')}
              </button>
            </div>
            <div>
              <h4>{t('editor.mine')}</h4>
              <p>{p.position ? t(`position.${p.position}`) : t('editor.noAnswer')}</p>
              {p.text && <p className="answer-text">{p.text}</p>}
              {p.proposedText && <p className="proposed">{p.proposedText}</p>}
              <button
                type="button"
                className="primary"
                onClick={() => dispatch({ type: 'keepMine', key: point.key })}
              >
                {t('editor.keepMine')}
              </button>
            </div>
          </div>
        </div>
      )}
    </li>
  );
}

function Editor({ draft, dossier, delivery }: { draft: Draft; dossier: string; delivery: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [state, dispatch] = useReducer(reduce, draft, (d) =>
    reduce({ order: [], points: {} }, { type: 'load', draft: d }),
  );
  const { flush, touched } = useAutosave(dossier, delivery, state, dispatch);
  const editable = draft.abilities['draft.save'] === true;
  const canSubmit = draft.abilities['response.submit'] === true;
  const { answered, total, unanswered } = progress(state);
  const everythingSaved = allSaved(state);
  const conflicts = state.order.filter((k) => state.points[k]!.phase === 'conflict').length;

  // A colleague's saves reach this page live: taken in where nobody here is typing.
  const changes = useChangeCount();
  useEffect(() => {
    if (changes === 0) return;
    let stop = false;
    void call<Draft>('GET', dossierPath(dossier, 'deliveries', delivery, 'draft')).then((fresh) => {
      if (!stop) dispatch({ type: 'remote', draft: fresh });
    });
    return () => {
      stop = true;
    };
  }, [changes, dossier, delivery]);

  // Leaving with unsaved edits: the browser asks first.
  useEffect(() => {
    if (everythingSaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [everythingSaved]);

  const [confirming, setConfirming] = useState(false);
  const [partialOk, setPartialOk] = useState(false);
  // One key per opening of the submit step: a retried click cannot submit twice.
  const idempotencyKey = useMemo(() => (confirming ? crypto.randomUUID() : ''), [confirming]);
  const submit = useMutation({
    mutationFn: () =>
      call<Submission>('POST', dossierPath(dossier, 'deliveries', delivery, 'responses'), {
        body: unanswered.length > 0 ? { partial: true } : {},
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: async (submission) => {
      setConfirming(false);
      await client.invalidateQueries({ queryKey: keys.dossier(dossier) });
      await navigate(`/d/${encodeURIComponent(dossier)}/responses/${encodeURIComponent(submission.key)}`);
    },
  });

  const listRef = useRef<HTMLOListElement>(null);

  // Alt+↓ / Alt+↑: next or previous point; Alt+1…7: choose a position for the point in focus.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey) return;
    const here = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-point]');
    const key = here?.dataset.point;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const i = key ? state.order.indexOf(key) : -1;
      const next =
        state.order[Math.max(0, Math.min(state.order.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      const select = listRef.current?.querySelector<HTMLSelectElement>(`[data-point="${next}"] select`);
      if (select) {
        e.preventDefault();
        select.focus();
        select.scrollIntoView({ block: 'center' });
      }
      return;
    }
    const n = Number(e.code.replace(/^Digit/, ''));
    if (key && editable && Number.isInteger(n) && n >= 1 && n <= POSITIONS.length) {
      e.preventDefault();
      touched(key);
      dispatch({ type: 'edit', key, patch: { position: POSITIONS[n - 1]! } });
    }
  };

  const byKey = new Map(draft.points.map((p) => [p.key, p]));
  return (
    <div className="editor" onKeyDown={onKeyDown}>
      <div className="editor-bar">
        <div className="progress">
          <label htmlFor="answered-progress">{t('editor.progress', { answered, total })}</label>
          <progress id="answered-progress" max={total} value={answered} />
        </div>
        <span
          className={`save-state save-${everythingSaved ? 'saved' : conflicts > 0 ? 'conflict' : 'editing'}`}
          role="status"
        >
          {everythingSaved
            ? t('editor.allSaved')
            : conflicts > 0
              ? t('editor.conflicts', { count: conflicts })
              : t('editor.notAllSaved')}
        </span>
        {canSubmit && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              flush();
              setPartialOk(false);
              setConfirming(true);
            }}
          >
            {t('editor.submit')}
          </button>
        )}
      </div>
      <p className="muted small">{t('editor.keys')}</p>
      {draft.basedOn && (
        <p className="note">
          {draft.basedOn.kind === 'own_submission'
            ? t('editor.basedOnOwn', { response: draft.basedOn.response })
            : t('editor.basedOnEarlier', { version: draft.basedOn.version })}
        </p>
      )}
      <ol className="plain editor-points" ref={listRef}>
        {draft.points.map((point) =>
          point.demandsAnswer ? (
            <PointRow
              key={point.key}
              point={point}
              p={state.points[point.key]!}
              editable={editable}
              dispatch={dispatch}
              touched={touched}
            />
          ) : (
            <li key={point.key} className={`editor-heading depth-${Math.min(point.depth, 4)}`}>
              <h3>
                {point.label}
                {point.heading && <span className="point-heading"> {point.heading}</span>}
              </h3>
            </li>
          ),
        )}
      </ol>
      <ConfirmDialog
        open={confirming}
        title={t('submit.title')}
        confirmLabel={unanswered.length > 0 ? t('submit.partial') : t('submit.complete')}
        confirmDisabled={!everythingSaved || (unanswered.length > 0 && !partialOk)}
        busy={submit.isPending}
        onConfirm={() => submit.mutate()}
        onCancel={() => setConfirming(false)}
      >
        {!everythingSaved && <p className="note">{t('submit.waitForSaves')}</p>}
        {unanswered.length === 0 ? (
          <p>{t('submit.allAnswered', { count: total })}</p>
        ) : (
          <>
            <p>{t('submit.unansweredIntro', { count: unanswered.length, total })}</p>
            <ul className="unanswered">
              {unanswered.map((k) => (
                <li key={k}>
                  <a
                    href={`#${k}`}
                    onClick={() => {
                      setConfirming(false);
                    }}
                  >
                    {byKey.get(k)?.label ?? k}
                  </a>
                  {byKey.get(k)?.text && (
                    <span className="muted small"> — {byKey.get(k)!.text!.slice(0, 80)}</span>
                  )}
                </li>
              ))}
            </ul>
            <label className="check">
              <input type="checkbox" checked={partialOk} onChange={(e) => setPartialOk(e.target.checked)} />
              {t('submit.confirmPartial', { count: unanswered.length })}
            </label>
          </>
        )}
        <p className="muted small">{t('submit.final')}</p>
        <ProblemList error={submit.error} />
      </ConfirmDialog>
    </div>
  );
}

/** The point-by-point response editor for the caller's party. */
export function EditorPage() {
  const { delivery = '' } = useParams();
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const now = useNow();
  const info = useDelivery(d.key, delivery);
  const draft = useDraft(d.key, delivery, info.data?.abilities['draft.read'] === true);
  if (info.isPending) return <Loading />;
  if (info.isError) return <ErrorState error={info.error} />;
  const del = info.data;
  if (!del.abilities['draft.read']) {
    return <p className="error">{t('editor.notYours')}</p>;
  }
  return (
    <section>
      <h2>
        {t('editor.title', { party: partyName(d.membership?.party ?? '') })}: {del.title}{' '}
        <span className="muted">{t('document.versionN', { n: del.version })}</span>
      </h2>
      <p className="muted">
        {t('delivery.fromTo', { from: partyName(del.from), to: del.to.map(partyName).join(', ') })} ·{' '}
        {t('delivery.deliveredAt', { time: dateTime(del.deliveredAt, d.timeZone) })}{' '}
        <Link
          to={`/d/${encodeURIComponent(d.key)}/documents/${encodeURIComponent(del.document)}/v/${del.version}`}
        >
          {t('editor.readDocument')}
        </Link>
      </p>
      {del.dueAt && (
        <p>
          {t('delivery.dueAt')} <Deadline dueAt={del.dueAt} timeZone={d.timeZone} now={now} />
        </p>
      )}
      {draft.isPending ? (
        <Loading />
      ) : draft.isError ? (
        <ErrorState error={draft.error} />
      ) : (
        <Editor draft={draft.data} dossier={d.key} delivery={delivery} />
      )}
    </section>
  );
}
