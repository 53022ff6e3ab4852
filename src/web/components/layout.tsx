import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Outlet, useNavigate } from 'react-router';
import { call, setCsrfToken } from '../api/client.ts';
import { useSession } from '../api/queries.ts';
import { useI18n, type Locale } from '../i18n/i18n.tsx';

/** The frame of every page: a skip link, the header (home, language, who is signed in) and the page. */
export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => setCsrfToken(session.data?.csrfToken ?? null), [session.data]);
  const signOut = useMutation({
    mutationFn: () => call('DELETE', '/session'),
    onSuccess: async () => {
      setCsrfToken(null);
      client.clear();
      await navigate('/');
    },
  });
  const user = session.data?.user;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Pointwise
        </Link>
        <nav aria-label={t('nav.account')} className="header-tools">
          <label htmlFor="locale" className="visually-hidden">
            {t('nav.language')}
          </label>
          <select id="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            <option value="en" lang="en">
              English
            </option>
            <option value="ru" lang="ru">
              Русский
            </option>
          </select>
          {user ? (
            <>
              <span className="who" title={user.email}>
                {user.email}
              </span>
              <button type="button" className="link-button" onClick={() => signOut.mutate()}>
                {t('nav.signOut')}
              </button>
            </>
          ) : (
            <Link to="/sign-in">{t('nav.signIn')}</Link>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
