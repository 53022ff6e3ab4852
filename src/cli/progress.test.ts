import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from './progress.ts';

function stream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = '';
  (s as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
  Object.assign(s, { isTTY, text: () => text });
  return s;
}

describe('terminalProgress', () => {
  it('stays quiet when the stream is not a terminal', () => {
    expect(terminalProgress('Importing', stream(false))).toBeNull();
  });

  it('draws a bar on a terminal, always the last step, and clears it when done', async () => {
    const out = stream(true);
    const progress = terminalProgress('Importing', out)!;
    progress.update(1, 4);
    progress.update(2, 4); // within 100 ms of the last draw: skipped
    progress.update(4, 4);
    progress.done();
    await new Promise((r) => setImmediate(r));
    expect(out.text()).toBe(
      `\rImporting [${'#'.repeat(8)}${' '.repeat(22)}] 25%\rImporting [${'#'.repeat(30)}] 100%\r\x1b[K`,
    );
  });
});
