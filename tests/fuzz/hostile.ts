// Hostile values for the fuzz suites: strings, numbers, dates, keys and shapes a careless or
// malicious caller sends. Everything here is data; the suites decide where it goes.
import fc from 'fast-check';

/** Strings that broke parsers, validators, loggers or screens somewhere before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\0',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'a\uD83Db', // broken surrogate pair in the middle
  '\u202Egnp.exe', // RTL override
  'مرحبا بالعالم',
  'שלום',
  '\u200B\u200C\u200D\uFEFF',
  '金牛区 · 第3网格',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%E0%A4%A',
  "' OR 1=1 --",
  '"; DROP TABLE problems; --',
  '<script>alert(1)</script>',
  '{a|x}{@value}',
  '${process.exit()}',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  'null',
  'true',
  '[]',
  '{}',
  'x'.repeat(81),
  'x'.repeat(5_000),
  '字'.repeat(3_000),
  'a:b:c',
  'district',
  'street',
];

/** Date strings at and beyond the edges of what Date and ISO 8601 allow. */
export const FAR_DATES = [
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59+08:00',
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '2026-02-30T00:00:00+08:00',
  '2026-11-27T24:00:00+08:00',
  '2026-11-27T10:00:00+25:00',
  '2026-11-27T10:00:00',
  '2026-11-27',
  'Jan 1 2020',
  '2020',
  '1e12',
  'now',
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  0.1,
  1.5,
  24,
  24.0001,
  1e-320,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER - 2,
  2 ** 31,
  2 ** 53,
];

/** Tokens JSON can't carry but a hand-written body can: the body becomes invalid JSON or ±∞. */
export const NON_JSON_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '0x10', '01'];

const farDate = fc.constantFrom(...FAR_DATES);
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: farDate },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => 'y'.repeat(n)) },
);
const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.double(),
  fc.integer(),
);

/** Arrays (or objects) nested `depth` deep, as JSON text: too deep to build as a value safely. */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Keys that pollute prototypes when merged carelessly, and other odd keys. */
const nastyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', 'id', 'level', 'a.b', '$ref'),
  fc.string({ maxLength: 12 }),
);

/** Any JSON-able value with hostile leaves and keys, a few levels deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.anything({
  key: nastyKey,
  values: [nastyString, nastyNumber, fc.boolean(), fc.constant(null)],
  maxDepth: 4,
  maxKeys: 6,
  withBigInt: false,
  withDate: false,
  withMap: false,
  withSet: false,
  withObjectString: false,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: false,
  withBoxedValues: false,
});

/** Puts `"__proto__": {...}` (and friends) as own keys into a JSON object text. */
export function withProtoKeys(json: string): string {
  if (!json.startsWith('{')) return json;
  const inject = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
  return json === '{}' ? `{${inject}}` : `{${inject},${json.slice(1)}`;
}
