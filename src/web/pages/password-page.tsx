import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, call } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Choose a new password (required after a one-time password). */
export function PasswordPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () => call('PUT', '/session/password', { body: { currentPassword, newPassword } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.session });
      await navigate('/');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  const problems = change.error instanceof ApiError ? (change.error.problem?.problems ?? []) : [];
  return (
    <section className="narrow">
      <h1>{t('password.title')}</h1>
      <p>{t('password.intro')}</p>
      <form onSubmit={submit} className="form">
        <label>
          {t('password.current')}
          <input
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          {t('password.new')}
          <input
            type="password"
            autoComplete="new-password"
            minLength={12}
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
            aria-describedby="password-rule"
          />
        </label>
        <p id="password-rule" className="muted">
          {t('password.rule')}
        </p>
        {change.error && (
          <div className="error" role="alert">
            {problems.length ? (
              <ul>
                {problems.map((p) => (
                  <li key={p.path}>{p.message}</li>
                ))}
              </ul>
            ) : (
              t('password.failed')
            )}
          </div>
        )}
        <button type="submit" className="primary" disabled={change.isPending}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}
