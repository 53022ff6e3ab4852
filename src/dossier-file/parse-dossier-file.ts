import { readFileSync, statSync } from 'node:fs';
import { AppError } from '../shared/app-error.ts';
import { DossierFile, FORMAT } from '../shared/dossier-file.ts';
import { zodProblems } from '../shared/zod-problems.ts';
import { checkReferences } from './check-references.ts';

/** The largest dossier file Pointwise reads. A real negotiation is far smaller; a larger file is surely a mistake. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

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
    throw new AppError('input.invalid', code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(error)})`);
  }
  if (size > maxBytes) {
    throw new AppError('input.too_large', `${path} is ${megabytes(size)}; the largest dossier file Pointwise reads is ${megabytes(maxBytes)}`);
  }
  return parseDossierFile(readFileSync(path), path);
}

/** Validates the bytes of a dossier file. `name` says where they came from, in messages. */
export function parseDossierFile(bytes: Uint8Array, name = 'the file'): DossierFile {
  if (bytes.length === 0) throw new AppError('input.not_json', `${name} is empty; a dossier file is a JSON object ("format": "${FORMAT}")`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('input.not_json', `${name} is not UTF-8 text, so it is not a dossier file`);
  }
  if (text.trim() === '') throw new AppError('input.not_json', `${name} holds only white space; a dossier file is a JSON object`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('input.not_json', `${name} is not JSON: ${describeJsonError(error, text)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AppError('input.invalid', `${name} holds JSON, but not an object; a dossier file is an object with "format": "${FORMAT}"`);
  }
  if ((data as { format?: unknown }).format !== FORMAT) {
    const format = (data as { format?: unknown }).format;
    throw new AppError('input.invalid', `format: must be "${FORMAT}"${format === undefined ? '' : `, not ${JSON.stringify(format)}`}`, [
      { path: 'format', message: `must be "${FORMAT}"` },
    ]);
  }
  const parsed = DossierFile.safeParse(data, { reportInput: true });
  if (!parsed.success) throw invalid(name, zodProblems(parsed.error));
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) throw invalid(name, problems);
  return parsed.data;
}

function invalid(name: string, problems: AppError['problems']): AppError {
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new AppError('input.invalid', `${name} is not a valid dossier file (${count}); nothing was written`, problems);
}

/** Turns JSON.parse's message ("… in JSON at position 1234") into a line and column a person can find. */
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  if (!match) return reason;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${reason} at line ${line}, column ${column}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
