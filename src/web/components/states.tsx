import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Shown while a page's data loads. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('state.loading')}
    </p>
  );
}

/** A failed read, said plainly: hidden and missing items look the same, as the API makes them. */
export function ErrorState({ error }: { error: unknown }) {
  const { t } = useI18n();
  let text = t('state.error');
  if (error instanceof ApiError) {
    if (error.status === 404) text = t('state.notFound');
    else if (error.status === 401) text = t('state.signInNeeded');
    else if (error.status === 403) text = t('state.forbidden');
    else if (error.problem) text = error.problem.detail;
  }
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('state.pageNotFound')}</h1>
      <p>{t('state.notFound')}</p>
    </section>
  );
}
