import { z } from 'zod';
import { DossierFile } from '../shared/dossier-file.ts';

/** Where the JSON Schema of the dossier file lives in the repository. */
export const JSON_SCHEMA_FILE = new URL('../../schema/pointwise-dossier-1.schema.json', import.meta.url);

/** The JSON Schema (2020-12) of `pointwise-dossier/1`, generated from the zod schema that import uses. */
export function dossierJsonSchema(): string {
  const schema = z.toJSONSchema(DossierFile, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  });
  const document = {
    $schema: schema.$schema,
    $id: 'https://pointwise.invalid/schema/pointwise-dossier-1.schema.json',
    title: 'Pointwise dossier file (pointwise-dossier/1)',
    description:
      'A whole negotiation in one JSON document. Keys are unique within their kind and are how items refer to each other; instants are ISO 8601 with a time zone. Rules that a schema cannot express (references, instants in order, text required by a position) are checked by `pointwise import`.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
