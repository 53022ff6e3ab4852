import { readFileSync, statSync } from 'node:fs';
import { AppError } from '../shared/app-error.ts';
import { DossierFile, FORMAT } from '../shared/dossier-file.ts';
import { jsonDepth, locateJsonError } from '../shared/json-syntax.ts';
import { zodProblems } from '../shared/zod-problems.ts';
import { MAX_DEPTH } from '../domain/point-tree.ts';
import { checkReferences } from './check-references.ts';

/** The largest dossier file Pointwise reads. A real negotiation is far smaller; a larger file is surely a mistake. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** The deepest nesting of a valid file: the point tree, plus the levels around it. */
const MAX_NESTING = 2 * MAX_DEPTH + 8;

/** Reads and validates a dossier file from disk: one clear error for an unreadable file, every problem for an invalid one. */
export function readDossierFile(path: string, maxBytes = MAX_FILE_BYTES): DossierFile {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new AppError('input.invalid', `${path} is a folder, not a dossier file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'input.invalid',
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(error)})`,
    );
  }
  if (size > maxBytes) {
    throw new AppError(
      'input.too_large',
      `${path} is ${megabytes(size)}; the largest dossier file Pointwise reads is ${megabytes(maxBytes)}`,
    );
  }
  return parseDossierFile(readFileSync(path), path);
}

/** Validates the bytes of a dossier file. `name` says where they came from, in messages. */
export function parseDossierFile(bytes: Uint8Array, name = 'the file'): DossierFile {
  if (bytes.length === 0)
    throw new AppError(
      'input.not_json',
      `${name} is empty; a dossier file is a JSON object ("format": "${FORMAT}")`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('input.not_json', `${name} is not UTF-8 text, so it is not a dossier file`);
  }
  if (text.trim() === '')
    throw new AppError('input.not_json', `${name} holds only white space; a dossier file is a JSON object`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('input.not_json', `${name} is not JSON: ${describeJsonError(error, text)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AppError(
      'input.invalid',
      `${name} holds JSON, but not an object; a dossier file is an object with "format": "${FORMAT}"`,
    );
  }
  if ((data as { format?: unknown }).format !== FORMAT) {
    const format = (data as { format?: unknown }).format;
    throw new AppError(
      'input.invalid',
      `format: must be "${FORMAT}"${format === undefined ? '' : `, not ${JSON.stringify(format)}`}`,
      [{ path: 'format', message: `must be "${FORMAT}"` }],
    );
  }
  // Validation walks the tree; a file nested absurdly deep is refused before it can exhaust the stack.
  const depth = jsonDepth(data);
  if (depth > MAX_NESTING) {
    throw new AppError(
      'input.invalid',
      `${name} nests ${depth} levels deep; a dossier file nests at most ${MAX_NESTING} (points at most ${MAX_DEPTH})`,
    );
  }
  const parsed = DossierFile.safeParse(data, { reportInput: true });
  if (!parsed.success) throw invalid(name, zodProblems(parsed.error));
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw invalid(name, problems);
  return parsed.data;
}

function invalid(name: string, problems: AppError['problems']): AppError {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new AppError(
    'input.invalid',
    `${name} is not a valid dossier file (${count}); nothing was written`,
    problems,
  );
}

/** What is wrong with the JSON and where: line and column, and what was found there. */
function describeJsonError(error: unknown, text: string): string {
  const where = locateJsonError(text);
  if (where) return `unexpected ${where.found} at line ${where.line}, column ${where.column}`;
  return error instanceof Error ? error.message : String(error);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
