import type { FastifyInstance } from 'fastify';
import { MAX_DEPTH } from '../domain/point-tree.ts';
import { AppError } from '../shared/app-error.ts';
import { jsonDepth, locateJsonError } from '../shared/json-syntax.ts';

/** The deepest nesting any body may have: a dossier file's point tree, plus the levels around it. */
const MAX_NESTING = 2 * MAX_DEPTH + 8;

/**
 * Parses JSON bodies strictly: bytes that are not UTF-8 are refused (not silently replaced),
 * `__proto__` and `constructor` keys are refused, syntax errors say where, and a body nested
 * deeper than any valid one is refused before validation could exhaust the stack.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'buffer' },
    (_request, body, done) => {
      let text: string;
      try {
        text = decoder.decode(body as Buffer);
      } catch {
        done(new AppError('input.not_json', 'the body is not UTF-8 text'), undefined);
        return;
      }
      if (text.trim() === '') {
        done(new AppError('input.not_json', 'the body is empty; send a JSON object'), undefined);
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text, refuseProtoKeys);
      } catch (error) {
        if (error instanceof AppError) {
          done(error, undefined);
          return;
        }
        const where = locateJsonError(text);
        done(
          new AppError(
            'input.not_json',
            where
              ? `the body is not JSON: unexpected ${where.found} at line ${where.line}, column ${where.column}`
              : 'the body is not JSON',
          ),
          undefined,
        );
        return;
      }
      const depth = jsonDepth(value);
      if (depth > MAX_NESTING) {
        done(
          new AppError(
            'input.invalid',
            `the body nests ${depth} levels deep; at most ${MAX_NESTING} are accepted`,
          ),
          undefined,
        );
        return;
      }
      done(null, value);
    },
  );
}

function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor') {
    throw new AppError('input.invalid', `the body has a field "${key}", which is not accepted anywhere`, [
      { path: key, message: 'is not a known field' },
    ]);
  }
  return value;
}
