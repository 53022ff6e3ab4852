import { CommanderError } from 'commander';
import { AppError } from '../shared/app-error.ts';
import { buildProgram } from './program.ts';

/** Exit codes: 0 done, 1 refused input (or the database refused), 2 wrong usage. */
export const EXIT = { done: 0, refused: 1, usage: 2 } as const;

const program = buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already.
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
      ? EXIT.done
      : EXIT.usage;
  }
  if (error instanceof AppError) {
    process.stderr.write(`pointwise: ${error.message}\n`);
    for (const p of error.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
    return EXIT.refused;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01') {
    process.stderr.write(`pointwise: cannot open the database: ${(error as Error).message}\n`);
    return EXIT.refused;
  }
  if (code === 'EPIPE') return EXIT.done;
  process.stderr.write(
    `pointwise: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.refused;
}
