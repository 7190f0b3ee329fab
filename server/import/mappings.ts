// A named mapping: how one source system's exports read (columns, value words, coordinate datum,
// the source to assume). Saved per source name in the store, so the next file needs no questions.
import Type from 'typebox';
import type { ImportField, NamedMapping, ValueKind } from '../../shared/admin-api';
import { PROBLEM_SOURCES } from '../../shared/protocol';
import { IMPORT_FIELDS } from './headers';
import { DATUMS } from './place-geometry';
import { VALUE_KINDS } from './values';

const Word = Type.String({ minLength: 1, maxLength: 100 });
const optionalWord = () => Type.Optional(Word);
const wordTable = () => Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String()));
// Object.fromEntries types its answer by string keys; these are exactly the fields and kinds, so
// the schema's static type is NamedMapping (proved in server/schemas/import-responses.ts).
export const MappingSchema = Type.Object(
  {
    columns: Type.Optional(
      Type.Object(
        Object.fromEntries(IMPORT_FIELDS.map((f) => [f, optionalWord()])) as Record<
          ImportField,
          ReturnType<typeof optionalWord>
        >,
        {
          additionalProperties: false,
          description: 'our field → the header of the column that holds it',
        },
      ),
    ),
    values: Type.Optional(
      Type.Object(
        Object.fromEntries(VALUE_KINDS.map((k) => [k, wordTable()])) as Record<
          ValueKind,
          ReturnType<typeof wordTable>
        >,
        { additionalProperties: false, description: "the source's word → ours, per kind" },
      ),
    ),
    datum: Type.Optional(Type.Enum([...DATUMS], { description: 'datum of the 经度/纬度 columns' })),
    defaultSource: Type.Optional(Type.Enum([...PROBLEM_SOURCES])),
  },
  { additionalProperties: false },
);

export const SOURCE_NAME = '^[\\p{L}\\p{N}_.-]{1,40}$';

/** What 12345 and grid-system exports need before anyone saved a mapping. */
export const BUILT_IN: Record<string, NamedMapping> = {
  '12345': { defaultSource: 'hotline', datum: 'wgs84' },
  网格系统: { defaultSource: 'patrol', datum: 'wgs84' },
};

export type { NamedMapping };
