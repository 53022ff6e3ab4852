import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { zodProblems } from '../shared/zod-problems.ts';

const PART: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

/**
 * Validates each part of a request with the route's zod schema, and refuses it with every
 * problem named by its path (`body.answers[0].position`, `query.at`), as the domain does.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const part = PART[httpPart ?? ''] ?? httpPart ?? 'request';
  return (data: unknown) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    const problems = zodProblems(result.error, [part]);
    return {
      error: new AppError(
        'input.invalid',
        problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        problems,
      ),
    };
  };
};
