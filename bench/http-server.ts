// The server the HTTP benchmark drives, in its own process: the real app (bench/http.bench.ts
// makes its data), plus one route that is the ceiling: a single insert through the same driver,
// with no parsing, authentication, transaction or ledger. Prints its address when listening.
import { sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { newId } from '../src/shared/ids.ts';
import { buildApp } from '../src/server/app.ts';

const target = process.argv[2]!;
const open = openDatabase(target);
await migrateToLatest(open.db, open.dialect);
await sql`create table if not exists bench_ceiling (id text primary key, at text not null)`.execute(open.db);
const bench = await buildAppWithCeiling();
await bench.listen({ port: 0, host: '127.0.0.1' });
const address = bench.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
process.once('SIGTERM', async () => {
  await bench.close();
  await open.close();
  process.exit(0);
});

async function buildAppWithCeiling() {
  const server = await buildApp({
    db: open.db,
    // The token limit is for people's scripts; the load generator is one token making thousands of requests.
    limits: { tokenRequestsPerMinute: 10_000_000 },
    extraRoutes: (instance) => {
      instance.post('/bench/ceiling', async (_request, reply) => {
        await sql`insert into bench_ceiling (id, at) values (${newId()}, ${new Date().toISOString()})`.execute(
          open.db,
        );
        return reply.code(204).send();
      });
    },
  });
  return server;
}
