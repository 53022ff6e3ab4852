import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';

const BIN = fileURLToPath(new URL('../../bin/pointwise.mjs', import.meta.url));

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

const V1 = [
  { key: 'art_1', label: 'Article 1', text: 'The parties cooperate.' },
  {
    key: 'art_2',
    label: 'Article 2',
    heading: 'Forces',
    points: [
      { key: 'art_2__para_1', label: '2(1)', text: 'No deployment.' },
      { key: 'art_2__para_2', label: '2(2)', text: 'Exercises are notified.' },
    ],
  },
];
const V2 = [
  V1[0],
  {
    ...V1[1],
    points: [{ key: 'art_2__para_1', label: '2(1)', text: 'No deployment at all.' }, V1[1]!.points![1]],
  },
  { key: 'art_3', label: 'Article 3', text: 'A commission.' },
];

for (const dialect of DIALECTS) {
  describe(`recording a negotiation from the command line on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let dir: string;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'pointwise-record-'));
      writeFileSync(join(dir, 'v1.json'), JSON.stringify(V1));
      writeFileSync(join(dir, 'v2.json'), JSON.stringify({ points: V2 }));
    });
    afterAll(async () => {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const pw = async (...args: string[]) => {
      const run = await pointwise([...args, '--db', t.target]);
      return run;
    };
    const ok = async (...args: string[]) => {
      const run = await pw(...args);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
      return run.stdout;
    };

    it('delivers, drafts, refuses an unconfirmed partial submission, supersedes, carries over and publishes', async () => {
      await ok('new-dossier', 'talks', '--title', 'Talks', '--time-zone', 'Europe/Vienna');
      await ok('add-party', 'talks', 'a', '--name', 'Party A');
      await ok('add-party', 'talks', 'b', '--name', 'Party B');
      await ok(
        'add-person',
        'talks',
        'envoy',
        '--name',
        'An Envoy',
        '--title',
        'Special envoy',
        '--party',
        'a',
      );
      await ok(
        'add-document',
        'talks',
        'prop',
        '--kind',
        'proposal',
        '--author',
        'a',
        '--title',
        'Draft agreement',
      );
      expect(
        await ok(
          'add-version',
          'talks',
          'prop',
          join(dir, 'v1.json'),
          '--created-at',
          '2022-01-09T09:00:00Z',
        ),
      ).toBe('Added version 1 of "prop" (4 points).\n');
      expect(
        await ok(
          'deliver',
          'talks',
          'prop',
          '1',
          '--to',
          'b',
          '--due',
          '2022-01-20T17:00:00Z',
          '--at',
          '2022-01-10T12:00:00Z',
          '--key',
          'd1',
        ),
      ).toBe('Delivered "prop" v1 to b as "d1", answers due 2022-01-20T17:00:00.000Z.\n');
      await ok('answer', 'talks', 'd1', 'art_1', '--party', 'b', '--position', 'accept');
      await ok(
        'answer',
        'talks',
        'd1',
        'art_2__para_1',
        '--party',
        'b',
        '--position',
        'reject',
        '--text',
        'No fixed lines.',
      );

      const refused = await pw('submit', 'talks', 'd1', '--party', 'b', '--at', '2022-01-15T00:00:00Z');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        'pointwise: 1 point is unanswered; to send it anyway, submit it explicitly as partial\n  draft.art_2__para_2: no answer to 2(2) (art_2__para_2)\n',
      );
      expect(
        await ok('submit', 'talks', 'd1', '--party', 'b', '--partial', '--at', '2022-01-15T00:00:00Z'),
      ).toBe('Submitted "d1-b-r1": 2 answers, 1 point unanswered (partial).\n');
      await ok(
        'answer',
        'talks',
        'd1',
        'art_2__para_2',
        '--party',
        'b',
        '--position',
        'counter_proposal',
        '--text',
        'Shorter notice.',
        '--proposed-text',
        'Exercises are notified a week ahead.',
      );
      expect(await ok('submit', 'talks', 'd1', '--party', 'b', '--at', '2022-01-21T00:00:00Z')).toBe(
        'Submitted "d1-b-r2": 3 answers; supersedes "d1-b-r1".\n',
      );

      const between = JSON.parse(
        await ok('matrix', 'talks', '--at', '2022-01-18T00:00:00Z', '--format', 'json'),
      );
      expect(between.deliveries[0].addressees[0]).toMatchObject({
        status: 'partial',
        response: 'd1-b-r1',
        answered: 2,
      });
      const after = JSON.parse(await ok('matrix', 'talks', '--format', 'json'));
      expect(after.deliveries[0].addressees[0]).toMatchObject({
        status: 'answered_late',
        response: 'd1-b-r2',
        answers: { art_1: 'accept', art_2__para_1: 'reject', art_2__para_2: 'counter_proposal' },
      });

      await ok('add-version', 'talks', 'prop', join(dir, 'v2.json'), '--created-at', '2022-01-25T00:00:00Z');
      await ok(
        'deliver',
        'talks',
        'prop',
        '2',
        '--to',
        'b',
        '--demand',
        '--at',
        '2022-01-26T00:00:00Z',
        '--key',
        'd2',
      );
      const draft = JSON.parse(await ok('draft', 'talks', 'd2', '--party', 'b', '--format', 'json'));
      expect(
        draft.points.map((p: { key: string; change: string; carried: boolean; needsAnswer: boolean }) => [
          p.key,
          p.change,
          p.carried,
          p.needsAnswer,
        ]),
      ).toEqual([
        ['art_1', 'unchanged', true, false],
        ['art_2', 'unchanged', false, false],
        ['art_2__para_1', 'changed', false, true],
        ['art_2__para_2', 'unchanged', true, false],
        ['art_3', 'new', false, true],
      ]);
      expect(await ok('draft', 'talks', 'd2', '--party', 'b')).toContain(
        '2(1) (art_2__para_1)  —                 changed: needs an answer',
      );

      expect(
        await ok('publish', 'talks', '--document', 'prop', '--version', '1', '--at', '2022-01-12T00:00:00Z'),
      ).toBe('Published "prop" v1 at 2022-01-12T00:00:00.000Z.\n');
      const twice = await pw('publish', 'talks', '--document', 'prop', '--version', '1');
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/was published at 2022-01-12T00:00:00.000Z/);
      expect(await ok('publish', 'talks', '--response', 'd1-b-r2')).toMatch(
        /^Published response "d1-b-r2" at /,
      );

      // What the commands recorded is what an export gives back.
      const file = JSON.parse(await ok('export', 'talks'));
      expect(file.responses.map((r: { key: string }) => r.key)).toEqual(['d1-b-r1', 'd1-b-r2']);
      expect(file.publications).toHaveLength(2);
      expect(file.people).toEqual([{ key: 'envoy', name: 'An Envoy', title: 'Special envoy', party: 'a' }]);
    });

    it('refuses what breaks the rules with exit 1 and wrong usage with exit 2', async () => {
      const cases: [string[], number, RegExp][] = [
        [['add-party', 'nowhere', 'x', '--name', 'X'], 1, /no dossier "nowhere"/],
        [['deliver', 'talks', 'prop', '1', '--to', 'a'], 1, /to\[0\]: the author cannot be an addressee/],
        [['deliver', 'talks', 'prop', 'one', '--to', 'b'], 2, /must be a whole number/],
        [
          ['answer', 'talks', 'd1', 'art_9', '--party', 'b', '--position', 'accept'],
          1,
          /has no point "art_9"/,
        ],
        [['answer', 'talks', 'd1', 'art_1', '--party', 'b'], 2, /give --position, or --clear/],
        [['add-version', 'talks', 'prop', join(tmpdir(), 'no-such-points.json')], 1, /no such file/],
        [['publish', 'talks'], 2, /give either --document and --version, or --response/],
      ];
      for (const [args, code, pattern] of cases) {
        const run = await pw(...args);
        expect(run.code, args.join(' ')).toBe(code);
        expect(run.stderr).toMatch(pattern);
      }
    });
  });
}
