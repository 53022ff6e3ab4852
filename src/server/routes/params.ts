import { z } from 'zod';
import { Problem } from '../../shared/api.ts';
import { Key } from '../../shared/dossier-file.ts';

/** Path parameters, validated like any input. */
export const DossierParams = z.strictObject({ dossier: Key });
export const DocumentParams = DossierParams.extend({ document: Key });
export const VersionParams = DocumentParams.extend({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,6}$/, { message: 'must be a version number (1, 2, …)' })
    .transform(Number),
});
export const DeliveryParams = DossierParams.extend({ delivery: Key });
export const DraftPointParams = DeliveryParams.extend({ point: Key });
export const ResponseParams = DossierParams.extend({ response: Key });

/** Every route's error responses: problem+json. */
export const PROBLEMS = { '4xx': Problem } as const;

/** An empty query: unknown query parameters are refused like unknown fields. */
export const NoQuery = z.strictObject({});

/** A 204 answer: no body. */
export const NO_CONTENT = { 204: z.null().describe('No content') } as const;
