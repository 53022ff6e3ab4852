import type { Progress } from '../dossier-file/import-dossier.ts';

/**
 * A progress line for long work, on a terminal only: in a pipe or a log it stays quiet, so
 * scripts read clean output. Redraws at most ten times a second.
 */
export function terminalProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { update: Progress; done(): void } | null {
  if (!stream.isTTY) return null;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const t = Date.now();
      if (t - last < 100 && done < total) return;
      last = t;
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${percent}%`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
