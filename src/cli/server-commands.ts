import { Command, InvalidArgumentError, Option } from 'commander';
import { addMembership } from '../auth/add-membership.ts';
import { activeMemberships } from '../auth/authenticate.ts';
import { createApiToken } from '../auth/create-api-token.ts';
import { createUser } from '../auth/create-user.ts';
import { listUsers } from '../auth/list-users.ts';
import { resetPassword } from '../auth/reset-password.ts';
import { revokeApiToken } from '../auth/revoke-api-token.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { AppError } from '../shared/app-error.ts';
import { serve, untilStopped } from '../server/serve.ts';
import { withDatabase } from './with-database.ts';

/** `--port`: a TCP port, 0 for any free one. */
export function portArg(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('must be a port number (0–65535).');
  return port;
}

/** The options `serve` and `start` share. */
export function addServeOptions(command: Command): Command {
  return command
    .addOption(new Option('--port <port>', 'TCP port (0: any free port)').argParser(portArg).default(4100))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--trust-proxy',
      'trust X-Forwarded-* headers from a reverse proxy (for TLS and client addresses)',
    );
}

export interface ServeOptions {
  port: number;
  host: string;
  trustProxy?: boolean;
}

/**
 * `serve` (the HTTP API) and the account commands: `users add|list|reset-password`,
 * `tokens create|revoke`. Accounts are made here, by whoever runs the server.
 */
export function addServerCommands(program: Command): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);

  addServeOptions(
    program.command('serve').description('serve the HTTP API (and its docs at /api/docs)'),
  ).action(async (opts: ServeOptions, cmd: Command) => {
    await withDatabase(cmd, async (open) => {
      const serving = await serve({
        open,
        port: opts.port,
        host: opts.host,
        trustProxy: opts.trustProxy,
        logger: true,
      });
      say(
        `Pointwise API at ${serving.url}/api/v1 (OpenAPI: ${serving.url}/api/openapi.json, docs: ${serving.url}/api/docs), data in ${open.location}`,
      );
      await untilStopped();
      await serving.close();
    });
  });

  const users = program
    .command('users')
    .description('accounts: who may sign in, for which party, in what role');

  users
    .command('add')
    .description('open an account (prints a one-time password), and/or make it a member of a party')
    .argument('<email>', 'the email the person signs in with')
    .option('--dossier <dossier>', 'the dossier of the membership')
    .option('--party <party>', 'the party the person acts for')
    .addOption(
      new Option('--role <role>', 'what they may do for it').choices(['lead', 'drafter', 'observer']),
    )
    .option('--admin', 'a server admin: creates dossiers and parties, imports files')
    .option('--name <name>', 'their name')
    .action(
      async (
        email: string,
        opts: {
          dossier?: string;
          party?: string;
          role?: 'lead' | 'drafter' | 'observer';
          admin?: boolean;
          name?: string;
        },
        cmd: Command,
      ) => {
        const membership = [opts.dossier, opts.party, opts.role];
        if (membership.some((x) => x !== undefined) && membership.some((x) => x === undefined)) {
          throw new AppError(
            'input.invalid',
            'a membership needs all three of --dossier, --party and --role',
          );
        }
        if (membership.every((x) => x === undefined) && !opts.admin) {
          throw new AppError(
            'input.invalid',
            'give --dossier, --party and --role (a membership), or --admin',
          );
        }
        await withDatabase(cmd, async ({ db }) => {
          const result = await inTransaction(db, async (trx) => {
            const exists = await trx
              .selectFrom('users')
              .select('id')
              .where('email', '=', email.trim().toLowerCase())
              .executeTakeFirst();
            const created = exists
              ? null
              : await createUser({ trx, input: { email, admin: opts.admin, name: opts.name } });
            if (exists && opts.admin)
              throw new AppError(
                'user.exists',
                `an account "${email}" already exists; it was not made an admin`,
              );
            const member =
              opts.dossier && opts.party && opts.role
                ? await addMembership({
                    trx,
                    input: { email, dossier: opts.dossier, party: opts.party, role: opts.role },
                  })
                : null;
            return { created, member };
          });
          if (result.created) {
            say(
              `Opened the account ${result.created.email}${result.created.admin ? ' (server admin)' : ''}.`,
            );
            say(
              `One-time password (shown once; they choose their own at first sign-in): ${result.created.oneTimePassword}`,
            );
          }
          if (result.member) {
            say(
              `${result.member.email} is now ${result.member.role} for "${result.member.party}" in "${result.member.dossier}"` +
                (result.member.replaced > 0 ? ' (their earlier membership there has ended)' : '') +
                '.',
            );
          }
        });
      },
    );

  users
    .command('list')
    .description('list the accounts and their memberships')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { format: 'table' | 'json' }, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        const all = await inTransaction(db, (trx) => listUsers({ trx }));
        if (opts.format === 'json') {
          say(JSON.stringify(all, null, 2));
          return;
        }
        if (all.length === 0) {
          say('No accounts yet. Open one with `pointwise users add EMAIL …`.');
          return;
        }
        for (const u of all) {
          const roles = u.memberships.map((m) => `${m.role} for ${m.party} in ${m.dossier}`).join('; ');
          say(`${u.email}${u.admin ? ' (admin)' : ''}${roles ? `: ${roles}` : ''}`);
        }
      });
    });

  users
    .command('reset-password')
    .description('give an account a new one-time password and end its sessions')
    .argument('<email>', 'the account')
    .action(async (email: string, _opts: unknown, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        const password = await inTransaction(db, (trx) => resetPassword({ trx, email }));
        say(`One-time password for ${email} (shown once; they choose their own at sign-in): ${password}`);
      });
    });

  const tokens = program.command('tokens').description('personal API tokens for scripts');

  tokens
    .command('create')
    .description("make an API token acting for the account's party in a dossier (prints it once)")
    .argument('<email>', 'the account the token acts for')
    .requiredOption('--dossier <dossier>', 'the dossier it is scoped to')
    .option('--name <name>', 'what the token is for', 'script')
    .option('--expires-at <instant>', 'when it stops working (ISO 8601)')
    .action(
      async (email: string, opts: { dossier: string; name: string; expiresAt?: string }, cmd: Command) => {
        await withDatabase(cmd, async ({ db }) => {
          const token = await inTransaction(db, async (trx) => {
            const user = await trx
              .selectFrom('users')
              .select('id')
              .where('email', '=', email.trim().toLowerCase())
              .executeTakeFirst();
            if (!user) throw new AppError('user.not_found', `no account "${email}"`);
            const membership = (await activeMemberships(trx, user.id)).find(
              (m) => m.dossier === opts.dossier,
            );
            if (!membership)
              throw new AppError(
                'actor.forbidden',
                `${email} is not a member of a party in "${opts.dossier}"`,
              );
            return createApiToken({
              trx,
              userId: user.id,
              membership,
              input: { name: opts.name, expiresAt: opts.expiresAt },
            });
          });
          say(`Token ${token.id} acts for "${token.party}" in "${token.dossier}". Shown once:`);
          say(token.token);
        });
      },
    );

  tokens
    .command('revoke')
    .description('revoke an API token, at once')
    .argument('<email>', 'the account that owns it')
    .argument('<id>', 'the token id')
    .action(async (email: string, id: string, _opts: unknown, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        await inTransaction(db, async (trx) => {
          const user = await trx
            .selectFrom('users')
            .select('id')
            .where('email', '=', email.trim().toLowerCase())
            .executeTakeFirst();
          if (!user) throw new AppError('user.not_found', `no account "${email}"`);
          await revokeApiToken({ trx, userId: user.id, tokenId: id });
        });
        say(`Revoked token ${id}.`);
      });
    });
}
