import { readFileSync, statSync } from 'node:fs';
import { AppError } from '../shared/app-error.ts';
import { locateJsonError } from '../shared/json-syntax.ts';

/** Reads a JSON file given on the command line (`-` for standard input), with one clear error if it cannot. */
export function readJsonFile(path: string, maxBytes = 100 * 1024 * 1024): unknown {
  let text: string;
  try {
    if (path !== '-' && statSync(path).size > maxBytes) {
      throw new AppError('input.too_large', `${path} is larger than ${maxBytes / 2 ** 20} MB`);
    }
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'input.invalid',
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(error)})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    const where = locateJsonError(text);
    const name = path === '-' ? 'standard input' : path;
    throw new AppError(
      'input.not_json',
      where
        ? `${name} is not JSON: unexpected ${where.found} at line ${where.line}, column ${where.column}`
        : `${name} is not JSON`,
    );
  }
}
