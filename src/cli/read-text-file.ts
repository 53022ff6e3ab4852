import { readFileSync } from 'node:fs';
import { AppError } from '../shared/app-error.ts';

/** Reads a small text file given on the command line, with one clear error if it cannot. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'input.invalid',
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(error)})`,
    );
  }
}
