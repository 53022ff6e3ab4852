import { z } from 'zod';

/** What a member may do for its party: `lead` delivers, publishes and submits; `drafter` drafts; `observer` reads. */
export const Role = z.enum(['lead', 'drafter', 'observer']);
export type Role = z.infer<typeof Role>;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address' });
