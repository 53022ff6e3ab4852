import type { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { zodProblems } from '../shared/zod-problems.ts';

/** Parses a use case's input, or throws `input.invalid` naming every field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const problems = zodProblems(result.error);
  throw new AppError('input.invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}
