import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { SYSTEM } from '../domain/actor.ts';
import { computeMatrix } from '../domain/compute-matrix.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { REFERENCE_DOSSIER_FILE } from '../demo/load-reference-dossier.ts';
import { AppError } from '../shared/app-error.ts';
import { exportDossier, serialiseDossierFile } from './export-dossier.ts';
import { importDossier } from './import-dossier.ts';
import { dossierJsonSchema, JSON_SCHEMA_FILE } from './json-schema.ts';
import { parseDossierFile, readDossierFile } from './parse-dossier-file.ts';

const testdata = (name: string) => new URL(`./testdata/${name}`, import.meta.url);
const EXAMPLE = readFileSync(testdata('design-example.json'));
const GOLDEN = readFileSync(testdata('design-example.export.json'), 'utf8');

/** The dossier file example of DESIGN.md, exactly as written there. */
function designExample(): Buffer {
  const design = readFileSync(new URL('../../../shared/DESIGN.md', import.meta.url), 'utf8');
  const section = design.slice(design.indexOf('## Dossier file'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('DESIGN.md has no dossier file example');
  return Buffer.from(block[1]!);
}

function problemsOf(run: () => unknown): { code: string; message: string; problems: string[] } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      code: error.code,
      message: error.message,
      problems: error.problems.map((p) => `${p.path}: ${p.message}`),
    };
  }
  throw new Error('expected the file to be refused');
}

/** The example, changed by `edit`, as bytes. */
function mutated(edit: (file: Record<string, any>) => void): Buffer {
  const file = JSON.parse(EXAMPLE.toString('utf8'));
  edit(file);
  return Buffer.from(JSON.stringify(file));
}

describe('the dossier file, without a database', () => {
  it('accepts the example of DESIGN.md exactly as written', () => {
    const file = parseDossierFile(designExample());
    expect(file.dossier.key).toBe('security-guarantees');
    expect(file.responses?.[0]?.answers[0]?.position).toBe('reject');
  });

  it('has a committed JSON Schema that matches the one import uses', () => {
    expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(dossierJsonSchema());
  });

  it('reports every schema problem with its JSON path', () => {
    const result = problemsOf(() =>
      parseDossierFile(
        mutated((f) => {
          f.dossier.timeZone = 'Mars/Olympus';
          f.parties[1].nickname = 'US';
          f.documents[0].kind = 'treaty';
          f.documents[0].versions[0].points[0].points[0].label = '';
          f.deliveries[0].deliveredAt = '15 December 2021';
          f.responses[0].answers[0].position = 'maybe';
          f.statements[0].medium = 'tweet';
        }),
      ),
    );
    expect(result.code).toBe('input.invalid');
    expect(result.message).toMatch(/\(7 problems\); nothing was written/);
    expect(result.problems).toEqual([
      'dossier.timeZone: must be an IANA time zone, such as Europe/Moscow or UTC',
      'parties[1].nickname: is not a known field',
      'documents[0].kind: must be one of proposal, counter_proposal, response_letter, note, publication, other',
      'documents[0].versions[0].points[0].points[0].label: must not be empty',
      'deliveries[0].deliveredAt: must be an ISO 8601 instant with a time zone, such as 2022-01-28T21:00:00Z',
      'responses[0].answers[0].position: must be one of accept, accept_with_changes, reject, counter_proposal, clarification_requested, deferred, no_position',
      'statements[0].medium: must be one of interview, press_conference, briefing, written, debate',
    ]);
  });

  it('reports every broken reference, duplicate key, missing text and instant out of order', () => {
    const result = problemsOf(() =>
      parseDossierFile(
        mutated((f) => {
          f.parties.push({ key: 'us', name: 'United States again' }, { key: 'nato', name: 'NATO' });
          f.people[0].party = 'ussr';
          f.documents[0].author = 'zz';
          f.documents[0].versions[0].points.push({ key: 'art_4__para_1', label: 'again', text: 'Twice.' });
          f.deliveries[0].document = 'treaty-us';
          f.deliveries[0].version = 2;
          f.deliveries.push({
            key: 'd2',
            document: 'treaty-us',
            version: 1,
            to: ['us'],
            deliveredAt: '2021-12-14T00:00:00Z',
            demand: { dueAt: '2021-12-13T00:00:00Z' },
          });
          f.responses[0].party = 'nato';
          f.responses.push({
            key: 'r2',
            delivery: 'd2',
            party: 'us',
            submittedAt: '2021-12-13T12:00:00Z',
            answers: [
              { point: 'art_9', position: 'accept' },
              { point: 'art_4', position: 'accept_with_changes', text: 'Yes, but' },
              { point: 'art_4__para_1', position: 'clarification_requested' },
            ],
          });
          f.publications.push({ document: 'treaty-us', version: 1, publishedAt: '2021-12-18T10:00:00Z' });
          f.links.push({ from: 'r9', to: 'd1', type: 'supersedes' });
        }),
      ),
    );
    expect(result.problems).toEqual([
      'parties[2].key: duplicate party key "us" (first at parties[1])',
      'people[0].party: no party "ussr" in this file',
      'documents[0].author: no party "zz" in this file',
      'documents[0].versions[0].points[1].key: duplicate point key "art_4__para_1" (first at documents[0].versions[0].points[0].points[0])',
      'deliveries[0].version: document "treaty-us" has no version 2',
      'deliveries[1].deliveredAt: is before version 1 of "treaty-us" was created (2021-12-15T09:00:00Z)',
      'deliveries[1].demand.dueAt: must be after deliveredAt',
      'responses[0].party: party "nato" was not an addressee of delivery "d1"',
      'responses[1].submittedAt: is before delivery "d2" was made (2021-12-14T00:00:00Z)',
      'responses[1].answers[0].point: the version delivered in "d2" has no point "art_9"',
      'responses[1].answers[1].proposedText: is required when the position is accept_with_changes',
      'responses[1].answers[2].text: is required when the position is clarification_requested',
      'publications[1]: publishes what publications[0] already published; publication happens once',
      'links[1].from: nothing called "r9" in this file',
    ]);
  });

  it('gives one clear line for a file that is not a dossier file at all', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.alloc(0), /^the file is empty; a dossier file is a JSON object/],
      [Buffer.from('   \n'), /^the file holds only white space/],
      [
        Buffer.from('{"format": "pointwise-dossier/1",\n  "parties": [,]}'),
        /^the file is not JSON: unexpected ",]}" at line 2, column 15$/,
      ],
      [Buffer.from('[1, 2]'), /^the file holds JSON, but not an object/],
      [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /^the file is not UTF-8 text/],
      [
        Buffer.from('{"format": "pointwise-dossier/2"}'),
        /^format: must be "pointwise-dossier\/1", not "pointwise-dossier\/2"$/,
      ],
    ];
    for (const [bytes, pattern] of cases) {
      const { message } = problemsOf(() => parseDossierFile(bytes));
      expect(message).toMatch(pattern);
      expect(message).not.toContain('\n');
    }
  });

  it('refuses a 200 MB file before reading it, and a missing file, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointwise-file-'));
    try {
      const huge = join(dir, 'huge.json');
      writeFileSync(huge, '');
      truncateSync(huge, 200 * 1024 * 1024);
      const big = problemsOf(() => readDossierFile(huge));
      expect(big.code).toBe('input.too_large');
      expect(big.message).toBe(`${huge} is 200.0 MB; the largest dossier file Pointwise reads is 100.0 MB`);
      const missing = problemsOf(() => readDossierFile(join(dir, 'nope.json')));
      expect(missing.message).toBe(`${join(dir, 'nope.json')}: no such file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`import and export on ${dialect}`, () => {
    let first: Awaited<ReturnType<typeof freshDatabase>>;
    let second: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      [first, second] = await Promise.all([freshDatabase(dialect), freshDatabase(dialect)]);
    });
    afterAll(async () => {
      await Promise.all([first.dispose(), second.dispose()]);
    });

    const exportText = (db: typeof first.db, dossier: string) =>
      inTransaction(db, async (trx) => serialiseDossierFile(await exportDossier({ trx, dossier })));

    it('imports a file and exports the same content, byte-identical each time and after a second import', async () => {
      const file = parseDossierFile(EXAMPLE);
      await inTransaction(first.db, (trx) => importDossier({ trx, actor: SYSTEM, file }));
      const once = await exportText(first.db, 'security-guarantees');
      expect(once).toBe(GOLDEN);
      expect(JSON.parse(once)).toEqual(JSON.parse(EXAMPLE.toString('utf8')));
      expect(await exportText(first.db, 'security-guarantees')).toBe(once);

      await inTransaction(second.db, (trx) =>
        importDossier({ trx, actor: SYSTEM, file: parseDossierFile(Buffer.from(once)) }),
      );
      expect(await exportText(second.db, 'security-guarantees')).toBe(once);
    });

    it('computes the matrix of DESIGN.md from the example', async () => {
      const m = await inTransaction(first.db, (trx) =>
        computeMatrix({ trx, input: { dossier: 'security-guarantees', at: '2022-01-27T00:00:00Z' } }),
      );
      expect(m).toEqual({
        dossier: 'security-guarantees',
        at: '2022-01-27T00:00:00.000Z',
        deliveries: [
          {
            delivery: 'd1',
            document: 'treaty-us',
            version: 1,
            from: 'ru',
            deliveredAt: '2021-12-15T12:00:00.000Z',
            dueAt: '2022-01-28T21:00:00.000Z',
            points: ['art_4', 'art_4__para_1'],
            addressees: [
              {
                party: 'us',
                status: 'partial',
                answered: 1,
                total: 2,
                response: 'r1',
                submittedAt: '2022-01-26T18:00:00.000Z',
                answers: { art_4: 'reject', art_4__para_1: null },
                provenAt: null,
              },
            ],
          },
        ],
      });
    });

    it('refuses a dossier that is already there, writing nothing', async () => {
      const before = await first.db.selectFrom('parties').select('id').execute();
      await expect(
        inTransaction(first.db, (trx) =>
          importDossier({ trx, actor: SYSTEM, file: parseDossierFile(EXAMPLE) }),
        ),
      ).rejects.toThrow(/already in this database/);
      expect(await first.db.selectFrom('parties').select('id').execute()).toHaveLength(before.length);
    });

    it('writes nothing when a step fails late in the import', async () => {
      // Valid as a file, but the dossier's people already name a party of a different dossier key:
      // make the failure happen after many rows were written, at the last link.
      const file = parseDossierFile(
        mutated((f) => {
          f.dossier.key = 'late-failure';
        }),
      );
      const counts = async () =>
        Number(
          (
            await second.db
              .selectFrom('points')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await counts();
      await expect(
        inTransaction(second.db, async (trx) => {
          await importDossier({ trx, actor: SYSTEM, file });
          throw new Error('crash after the last step');
        }),
      ).rejects.toThrow('crash after the last step');
      expect(await counts()).toBe(before);
      expect(
        await second.db.selectFrom('dossiers').select('key').where('key', '=', 'late-failure').execute(),
      ).toEqual([]);
    });

    it('loads the reference dossier, whose matrix shows every addressee overdue after the deadline', async () => {
      const file = parseDossierFile(readFileSync(REFERENCE_DOSSIER_FILE));
      const third = await freshDatabase(dialect);
      try {
        await check(third);
      } finally {
        await third.dispose();
      }
      async function check({ db }: typeof first) {
        await inTransaction(db, (trx) => importDossier({ trx, actor: SYSTEM, file }));
        const before = await inTransaction(db, (trx) =>
          computeMatrix({ trx, input: { dossier: file.dossier.key, at: '2022-01-20T00:00:00Z' } }),
        );
        const after = await inTransaction(db, (trx) =>
          computeMatrix({ trx, input: { dossier: file.dossier.key, at: '2022-02-01T00:00:00Z' } }),
        );
        expect(before.deliveries.length).toBeGreaterThanOrEqual(2);
        expect(before.deliveries.flatMap((d) => d.addressees.map((a) => a.status))).toEqual(
          before.deliveries.flatMap((d) => d.addressees.map(() => 'pending')),
        );
        expect(after.deliveries.flatMap((d) => d.addressees.map((a) => a.status))).toEqual(
          after.deliveries.flatMap((d) => d.addressees.map(() => 'overdue')),
        );
        const again = JSON.parse(await exportText(db, file.dossier.key));
        expect(again).toEqual(JSON.parse(readFileSync(REFERENCE_DOSSIER_FILE, 'utf8')));
      }
    });
  });
}
