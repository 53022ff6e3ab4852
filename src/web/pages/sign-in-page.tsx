import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, call, setCsrfToken } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Session } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Sign in with email and password; the server sets the session cookie and returns the CSRF token. */
export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => call<Session>('POST', '/session', { body: { email, password } }),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      client.clear();
      client.setQueryData(keys.session, session);
      await navigate(session.passwordChangeRequired ? '/password' : '/');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  const error = signIn.error;
  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      <form onSubmit={submit} className="form" noValidate>
        <label>
          {t('signIn.email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error instanceof ApiError && error.status === 429
              ? t('signIn.tooMany')
              : error instanceof ApiError && error.status < 500
                ? t('signIn.failed')
                : t('state.error')}
          </p>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
