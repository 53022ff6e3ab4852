import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts.ts';

/** The demo accounts that exist in this database. */
export async function demoEmails(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where(
      'email',
      'in',
      DEMO_ACCOUNTS.map((a) => a.email),
    )
    .execute();
  const present = new Set(rows.map((r) => r.email));
  return DEMO_ACCOUNTS.map((a) => a.email).filter((e) => present.has(e));
}

/** What `start` prints once serving: where, how to sign in, and the demo accounts. */
export function signInHelp(
  url: string,
  dossier: string,
  fresh: readonly { email: string; password: string; what: string }[],
  existing: readonly string[],
): string[] {
  const api = `${url}/api/v1`;
  const example = fresh.find((a) => a.email.startsWith('us.')) ?? fresh[0];
  const lines = [
    `Open ${url}/ in a browser to use Pointwise${fresh.length > 0 || existing.length > 0 ? ' (sign in with a demo account below)' : ''}.`,
    '',
    `Serving the API at ${api} (interactive docs: ${url}/api/docs). Ctrl-C stops it.`,
    '',
    'Sign in with an email and password; the session is a cookie:',
    `  curl -c jar.txt -H 'content-type: application/json' \\`,
    `    -d '{"email":"${example?.email ?? 'EMAIL'}","password":"${example?.password ?? 'PASSWORD'}"}' ${api}/session`,
    `  curl -b jar.txt ${api}/dossiers/${dossier}/matrix`,
    'Requests that change something also send the csrfToken that sign-in returns, as X-CSRF-Token.',
    `Scripts use a token instead: npx pointwise tokens create EMAIL --dossier ${dossier}, then`,
    `  curl -H 'Authorization: Bearer pwt_…' ${api}/dossiers/${dossier}/deliveries`,
    'Accounts: npx pointwise users add EMAIL --dossier KEY --party KEY --role lead|drafter|observer',
  ];
  if (fresh.length > 0) {
    const width = Math.max(...fresh.map((a) => a.email.length));
    lines.push(
      '',
      'DEMO ACCOUNTS, made for trying Pointwise on this machine. Each party sees its own world.',
      'Their passwords are shown only now; anyone who can reach this server could use them.',
      ...fresh.map((a) => `  ${a.email.padEnd(width)}  ${a.password}  ${a.what}`),
    );
  } else if (existing.length > 0) {
    lines.push(
      '',
      `Demo accounts: ${existing.join(', ')}.`,
      'Their passwords were printed on the first start; `npx pointwise users reset-password EMAIL` makes a new one.',
    );
  }
  return lines;
}
