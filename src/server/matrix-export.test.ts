import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { readXlsx } from '../exports/test-read-xlsx.ts';
import { signedIn, worldApp, type Caller } from './test-world.ts';

const EXPORT = '/api/v1/dossiers/talks/matrix/export';
const AT = 'at=2022-02-01T00:00:00Z';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The bytes of a download. */
const bytesOf = (r: { rawPayload: Buffer }) => new Uint8Array(r.rawPayload);

// d1, as a saw it on 2022-02-01: b answered nothing by the deadline; c's latest response is rc3.
const D1_FOR_A = [
  'delivery,document,version,from,deliveredAt,dueAt,at',
  'd1,proposal,1,a,2022-01-10T12:00:00.000Z,2022-01-20T17:00:00.000Z,2022-02-01T00:00:00.000Z',
  'point,label,b,c',
  ',status,overdue,answered',
  ',answered,0,3',
  ',total,3,3',
  ',response,,rc3',
  ',submittedAt,,2022-01-14T10:00:00.000Z',
  ',provenAt,,',
  'art_1,Article 1,,accept',
  'art_2__para_1,2(1),,reject',
  'art_2__para_2,2(2),,deferred',
];

for (const dialect of DIALECTS) {
  describe(`matrix exports on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    let a: Caller;
    beforeAll(async () => {
      world = await worldApp(dialect);
      a = await signedIn(world.app, 'aLead');
    });
    afterAll(async () => {
      await world?.dispose();
    });

    it('gives the author a CSV of every delivery it may see, as an attachment named for the dossier and day', async () => {
      const r = await a({ method: 'GET', url: `${EXPORT}?format=csv&${AT}` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(r.headers['content-disposition']).toBe('attachment; filename="talks-matrix-2022-02-01.csv"');
      expect(r.body).toBe(`${D1_FOR_A.join('\r\n')}\r\n`);
    });

    it('gives each party what its matrix shows: an addressee its own column, a visitor nothing', async () => {
      const b = await signedIn(world.app, 'bLead');
      const forB = (await b({ method: 'GET', url: `${EXPORT}?format=csv&${AT}` })).body;
      expect(forB.split('\r\n').slice(2, 5)).toEqual(['point,label,b', ',status,overdue', ',answered,0']);
      expect(forB).not.toContain('rc3');
      const sheetsOfB = readXlsx(bytesOf(await b({ method: 'GET', url: `${EXPORT}?format=xlsx&${AT}` })));
      expect(sheetsOfB.sheets.map((s) => s.rows[2])).toEqual([['point', 'label', 'b']]);
      expect(JSON.stringify(sheetsOfB.parts)).not.toContain('rc3');

      const visitor = await signedIn(world.app, 'visitor');
      expect((await visitor({ method: 'GET', url: `${EXPORT}?format=csv&${AT}` })).body).toBe('');
      const empty = readXlsx(bytesOf(await visitor({ method: 'GET', url: `${EXPORT}?format=xlsx&${AT}` })));
      expect(empty.sheets).toEqual([expect.objectContaining({ name: 'matrix', rows: [] })]);
      // A dossier it may not see, and a delivery it may not see, are missing.
      const x = await visitor({ method: 'GET', url: '/api/v1/dossiers/other/matrix/export?format=csv' });
      expect(x.statusCode).toBe(404);
      const hidden = await visitor({ method: 'GET', url: `${EXPORT}?format=csv&delivery=d1` });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().code).toBe('delivery.not_found');
    });

    it('gives an XLSX workbook with one worksheet per delivery: bold headers, a frozen pane, numbers as numbers', async () => {
      const r = await a({ method: 'GET', url: `${EXPORT}?format=xlsx&${AT}` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe(XLSX);
      expect(r.headers['content-disposition']).toBe('attachment; filename="talks-matrix-2022-02-01.xlsx"');
      const { sheets } = readXlsx(bytesOf(r));
      expect(sheets.map((s) => s.name)).toEqual(['d1']);
      const [d1] = sheets;
      expect(d1!.rows[2]).toEqual(['point', 'label', 'b', 'c']);
      expect(d1!.rows[4]).toEqual([null, 'answered', 0, 3]);
      expect(d1!.rows[9]).toEqual(['art_1', 'Article 1', null, 'accept']);
      expect(d1!.boldRows).toEqual([0, 2]);
      expect(d1!.pane).toMatchObject({ xSplit: '2', ySplit: '3', state: 'frozen' });
    });

    it('writes labels that look like formulas as text, and keeps XML characters in the workbook', async () => {
      const labels = ['=HYPERLINK("http://evil.example","click")', '-1+1', '@cmd', 'A <b> & "c"'];
      const doc = await a({
        method: 'POST',
        url: '/api/v1/dossiers/talks/documents',
        payload: { key: 'tricky', kind: 'proposal', title: 'Tricky labels' },
      });
      expect(doc.statusCode).toBe(201);
      const version = await a({
        method: 'POST',
        url: '/api/v1/dossiers/talks/documents/tricky/versions',
        payload: { points: labels.map((label, i) => ({ key: `p${i}`, label, text: 'Text.' })) },
      });
      expect(version.statusCode).toBe(201);
      const delivered = await a({
        method: 'POST',
        url: '/api/v1/dossiers/talks/deliveries',
        payload: { key: 'd-tricky', document: 'tricky', version: 1, to: ['b'] },
      });
      expect(delivered.statusCode).toBe(201);

      const csv = await a({ method: 'GET', url: `${EXPORT}?format=csv&delivery=d-tricky` });
      expect(csv.headers['content-disposition']).toMatch(
        /^attachment; filename="talks-matrix-d-tricky-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const pointRows = csv.body.split('\r\n').filter((line) => /^p\d/.test(line));
      expect(pointRows).toEqual([
        'p0,"\'=HYPERLINK(""http://evil.example"",""click"")",',
        "p1,'-1+1,",
        "p2,'@cmd,",
        'p3,"A <b> & ""c""",',
      ]);
      expect(csv.body).not.toContain('d1,');

      const xlsx = readXlsx(
        bytesOf(await a({ method: 'GET', url: `${EXPORT}?format=xlsx&delivery=d-tricky` })),
      );
      expect(xlsx.sheets.map((s) => s.name)).toEqual(['d-tricky']);
      expect(xlsx.sheets[0]!.rows.slice(9).map((row) => row[1])).toEqual(labels);
    });

    it('refuses a format it does not write, and an instant that is not one', async () => {
      for (const query of ['format=pdf', '', 'format=csv&at=yesterday', 'format=csv&labels=true']) {
        const r = await a({ method: 'GET', url: `${EXPORT}?${query}` });
        expect(r.statusCode, query).toBe(400);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });
}
