import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { loadReferenceDossier } from '../demo/load-reference-dossier.ts';

const BIN = fileURLToPath(new URL('../../bin/pointwise.mjs', import.meta.url));
const DEBATE = fileURLToPath(
  new URL('../../../shared/fixtures/akn/ke-debate-2011-06-10.akn3.xml', import.meta.url),
);

function pointwise(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const dialect of DIALECTS) {
  describe(`meetings, statements, timeline and stats from the command line on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    const db = () => ['--db', t.target];
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      // In-process: every spawn costs a second or two of a shared machine.
      await loadReferenceDossier(t.db);
    });
    afterAll(async () => {
      await t.dispose();
    });

    it('records a meeting asked for and accepted, a statement and a link, one change per command', async () => {
      const steps = [
        [
          'request-meeting',
          'security-guarantees',
          'nrc',
          '--title',
          'NATO-Russia Council',
          '--kind',
          'talks',
          '--by',
          'nato',
          '--of',
          'ru',
          '--at',
          '2022-01-04T09:00:00Z',
        ],
        ['accept-meeting', 'security-guarantees', 'nrc', '--party', 'ru', '--at', '2022-01-05T09:00:00Z'],
        [
          'arrange-meeting',
          'security-guarantees',
          'nrc',
          '--place',
          'Brussels',
          '--starts-at',
          '2022-01-12T09:00:00Z',
          '--participant',
          'ru',
          '--participant',
          'nato',
          '--agenda',
          'agreement-nato#art_6__para_2',
        ],
        [
          'add-statement',
          'security-guarantees',
          's-nrc',
          '--speaker',
          'lavrov',
          '--said-at',
          '2022-01-12T15:00:00Z',
          '--medium',
          'press_conference',
          '--summary',
          'On the Council meeting.',
          '--about',
          'agreement-nato#art_6__para_2',
        ],
        ['link', 'security-guarantees', 's-nrc', 'meeting=nrc', '--type', 'mentions'],
      ];
      for (const step of steps) {
        const result = await pointwise([...db(), ...step]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      }
      const timeline = await pointwise([
        ...db(),
        'timeline',
        'security-guarantees',
        '--format',
        'json',
        '--point',
        'agreement-nato#art_6__para_2',
        '--kind',
        'meeting_accepted',
        '--kind',
        'meeting',
        '--kind',
        'statement',
      ]);
      expect(timeline.code).toBe(0);
      const entries = JSON.parse(timeline.stdout).entries as {
        kind: string;
        subject: { key: string };
        links: unknown[];
      }[];
      expect(entries.map((e) => `${e.kind} ${e.subject.key}`)).toEqual([
        'meeting_accepted nrc',
        'meeting nrc',
        'statement s-nrc',
        // The reference dossier's statement on Ukraine is attached to this very point.
        'statement s-zakharova-ukraine',
      ]);
      expect(entries[1]!.links).toEqual([
        { type: 'mentions', direction: 'from', item: { kind: 'statement', key: 's-nrc' } },
      ]);
    });

    it('prints the timeline and the stats as tables, as of a moment and for a party', async () => {
      const table = await pointwise([
        ...db(),
        'timeline',
        'security-guarantees',
        '--format',
        'table',
        '--at',
        '2022-01-30T00:00:00Z',
        '--party',
        'us',
        '--from',
        '2022-01-28T00:00:00Z',
      ]);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('security-guarantees as of 2022-01-30 03:00 GMT+3');
      expect(table.stdout).toMatch(
        /2022-01-29 00:00 GMT\+3 {2}deadline_missed {2}The deadline for us to answer d1 .* passed without an answer/,
      );
      expect(table.stdout).not.toContain('for nato');
      const text = await pointwise([
        ...db(),
        'stats',
        'security-guarantees',
        '--format',
        'table',
        '--party',
        'ru',
      ]);
      expect(text.stdout).toMatch(/^ru +0 +0 \(0\) +0 +— +0\/0 +0 \(0\) +2\/0 of 2 +13 h 30 min \/ 1 d/m);
    });

    it('imports a debate record, and refuses wrong usage (exit 2)', async () => {
      const imported = await pointwise([
        ...db(),
        'import-debate',
        'security-guarantees',
        DEBATE,
        '--meeting',
        'bungeni',
      ]);
      expect(imported.stdout).toBe(
        `Imported 11 statements (7 new people) from ${DEBATE} into "security-guarantees".\n`,
      );
      const usage = await pointwise([...db(), 'timeline', 'security-guarantees', '--kind', 'gossip']);
      expect(usage.code).toBe(2);
    });
  });
}
