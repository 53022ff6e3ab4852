import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { computeMatrix } from '../domain/compute-matrix.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { Matrix } from '../shared/api.ts';
import { signedIn, worldApp } from './test-world.ts';

for (const dialect of DIALECTS) {
  describe(`the matrix over HTTP on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    beforeAll(async () => {
      world = await worldApp(dialect);
    });
    afterAll(async () => {
      await world.dispose();
    });

    // The route writes the matrix without checking it against its schema on the way out (for
    // speed), so this is where the two are held together.
    it('answers what the use case computes, in the shape its schema and OpenAPI promise', async () => {
      const a = await signedIn(world.app, 'aLead');
      const r = await a({
        method: 'GET',
        url: '/api/v1/dossiers/talks/matrix?at=2022-02-01T00:00:00Z&labels=true',
      });
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(Matrix.safeParse(body).error?.issues ?? []).toEqual([]);
      const direct = await inTransaction(world.t.db, (trx) =>
        computeMatrix({ trx, input: { dossier: 'talks', at: '2022-02-01T00:00:00Z', labels: true } }),
      );
      expect(body.deliveries.map((d: { delivery: string }) => d.delivery)).toEqual(
        direct.deliveries.map((d) => d.delivery),
      );
      expect(body.deliveries[0].addressees).toEqual(
        JSON.parse(JSON.stringify(direct.deliveries[0]!.addressees)),
      );
      // Problems still go through the checked serializer.
      const bad = await a({ method: 'GET', url: '/api/v1/dossiers/talks/matrix?at=yesterday' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });
}
