import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { call, dossierPath } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Delivery } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { fromLocalInput } from '../lib/local-time.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { useCurrentDossier, usePartyName } from './dossier-layout.tsx';
import { ProblemList } from './problem-list.tsx';

// The author's acts on a version, shown only when the API says the caller may do them
// (`version.deliver`, `version.publish`). Both are irreversible, so both ask first.

/** Deliver a version to addressees, with or without a demand for written answers by a deadline. */
export function DeliverForm({
  document,
  version,
  author,
}: {
  document: string;
  version: number;
  author: string;
}) {
  const { t, dateTime } = useI18n();
  const d = useCurrentDossier();
  const partyName = usePartyName();
  const client = useQueryClient();
  const id = useId();
  const [to, setTo] = useState<string[]>([]);
  const [demand, setDemand] = useState(true);
  const [due, setDue] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<Delivery | null>(null);
  const dueAt = due ? fromLocalInput(due) : null;
  const deliver = useMutation({
    mutationFn: () =>
      call<Delivery>('POST', dossierPath(d.key, 'deliveries'), {
        body: {
          document,
          version,
          to,
          ...(demand && { demand: dueAt ? { dueAt } : {} }),
        },
      }),
    onSuccess: async (delivery) => {
      setConfirming(false);
      setDone(delivery);
      setTo([]);
      await client.invalidateQueries({ queryKey: keys.dossier(d.key) });
    },
    onError: () => setConfirming(false),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (to.length > 0) setConfirming(true);
  };
  const candidates = d.parties.filter((p) => p.key !== author);
  return (
    <details className="action-panel">
      <summary>{t('deliver.open')}</summary>
      <form onSubmit={submit} className="form" aria-describedby={`${id}-intro`}>
        <p id={`${id}-intro`} className="muted">
          {t('deliver.intro')}
        </p>
        <fieldset>
          <legend>{t('deliver.to')}</legend>
          {candidates.map((p) => (
            <label key={p.key} className="check">
              <input
                type="checkbox"
                checked={to.includes(p.key)}
                onChange={(e) =>
                  setTo((list) => (e.target.checked ? [...list, p.key] : list.filter((x) => x !== p.key)))
                }
              />
              {p.name}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={demand} onChange={(e) => setDemand(e.target.checked)} />
          {t('deliver.demand')}
        </label>
        {demand && (
          <label>
            {t('deliver.dueAt')}
            <input
              type="datetime-local"
              value={due}
              onChange={(e) => setDue(e.target.value)}
              aria-describedby={`${id}-due`}
            />
            <span id={`${id}-due`} className="muted small">
              {dueAt
                ? t('deliver.dueInDossierZone', { time: dateTime(dueAt, d.timeZone) })
                : t('deliver.noDeadline')}
            </span>
          </label>
        )}
        <ProblemList error={deliver.error} />
        {done && (
          <p role="status" className="success">
            {t('deliver.done', { to: done.to.map(partyName).join(', ') })}
          </p>
        )}
        <button type="submit" className="primary" disabled={to.length === 0}>
          {t('deliver.submit')}
        </button>
      </form>
      <ConfirmDialog
        open={confirming}
        title={t('deliver.confirmTitle')}
        confirmLabel={t('deliver.submit')}
        busy={deliver.isPending}
        onConfirm={() => deliver.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {t('deliver.confirmText', {
            version,
            to: to.map(partyName).join(', '),
          })}
        </p>
        {demand && (
          <p>
            {dueAt
              ? t('deliver.confirmDemand', { time: dateTime(dueAt, d.timeZone) })
              : t('deliver.confirmDemandNoDeadline')}
          </p>
        )}
      </ConfirmDialog>
    </details>
  );
}

/** Publish a version: everyone, visitors included, may read it from then on. */
export function PublishVersionButton({ document, version }: { document: string; version: number }) {
  const { t } = useI18n();
  const d = useCurrentDossier();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const publish = useMutation({
    mutationFn: () =>
      call('POST', dossierPath(d.key, 'documents', document, 'versions', version, 'publication'), {
        body: {},
      }),
    onSuccess: async () => {
      setConfirming(false);
      await client.invalidateQueries({ queryKey: keys.dossier(d.key) });
    },
    onError: () => setConfirming(false),
  });
  return (
    <>
      <button type="button" onClick={() => setConfirming(true)}>
        {t('publish.version')}
      </button>
      <ProblemList error={publish.error} />
      <ConfirmDialog
        open={confirming}
        title={t('publish.confirmTitle')}
        confirmLabel={t('publish.confirm')}
        busy={publish.isPending}
        onConfirm={() => publish.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('publish.confirmText')}</p>
      </ConfirmDialog>
    </>
  );
}
