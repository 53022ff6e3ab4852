import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isWriteConflict } from '../db/unique-violation.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { now } from '../domain/clock.ts';
import { AppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a write once per `Idempotency-Key` (per user): the first request does the work and stores
 * its answer in the same transaction; a repeat (even a concurrent one, which loses on the unique
 * key) gets the stored answer, marked `Idempotent-Replayed: true`. The same key with a different
 * request is refused. Without the header, the work simply runs.
 */
export async function once<T>(
  db: Kysely<Database>,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T | unknown> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return inTransaction(db, work);
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new AppError(
      'input.invalid',
      'headers["idempotency-key"]: must be 1 to 255 visible ASCII characters',
      [{ path: 'headers["idempotency-key"]', message: 'must be 1 to 255 visible ASCII characters' }],
    );
  }
  const p = request.principal;
  if (p.kind === 'visitor') return inTransaction(db, work);
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const replay = async () => {
    const stored = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'body'])
      .where('user_id', '=', p.userId)
      .where('key', '=', header)
      .executeTakeFirst();
    if (!stored) return undefined;
    if (stored.request_hash !== requestHash) {
      throw new AppError(
        'idempotency.mismatch',
        'this Idempotency-Key was used before with a different request',
      );
    }
    reply.header('idempotent-replayed', 'true');
    reply.code(stored.status);
    return JSON.parse(stored.body) as unknown;
  };
  const earlier = await replay();
  if (earlier !== undefined) return earlier;
  // A concurrent request with the same key may win, or PostgreSQL may pick this one as a deadlock
  // victim before the winner commits: answer as the winner did once it is visible, else try again.
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        const result = await work(trx);
        await trx
          .insertInto('idempotency_keys')
          .values({
            id: newId(),
            user_id: p.userId,
            key: header,
            request_hash: requestHash,
            status,
            body: JSON.stringify(result),
            created_at: now(),
          })
          .execute();
        return result;
      });
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= 5) throw error;
      const winner = await replay();
      if (winner !== undefined) return winner;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1) + Math.random() * 20));
    }
  }
}
