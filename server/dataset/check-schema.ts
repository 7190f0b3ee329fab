// The JSON files of a dataset against data/schemas/*.schema.json (JSON Schema 2020-12), with
// ajv errors rewritten so a person can act on them: which feature, which property, what was found.
import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { DatasetProblem } from './types';

export const SCHEMA_DIR = new URL('../../data/schemas/', import.meta.url);
export const SCHEMA_FILES = [
  'geometry',
  'manifest',
  'regions',
  'stations',
  'context',
  'figures',
  'history',
] as const;
export type SchemaName = (typeof SCHEMA_FILES)[number];

/** A broken geometry repeats the same error for every position: a few say enough. */
const PER_FEATURE = 3;

let ajv: Ajv2020 | null = null;
const compiled = new Map<SchemaName, ValidateFunction>();

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as Record<
    string,
    unknown
  >;
}

function validator(name: SchemaName): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const n of SCHEMA_FILES) ajv.addSchema(readSchema(n), `${n}.schema.json`);
  }
  let fn = compiled.get(name);
  if (!fn) compiled.set(name, (fn = ajv.getSchema(`${name}.schema.json`)!));
  return fn;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const key of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function shown(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function describe(e: ErrorObject, path: string, data: unknown): string {
  const at = path || 'the value';
  const got = valueAt(data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${path ? `${path}: ` : ''}missing "${String(p.missingProperty)}"`;
    case 'enum':
      return `${at} is ${shown(got)}, not one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return `${at} has "${String(p.additionalProperty)}", which is not one of its properties`;
    case 'const':
      return `${at} is ${shown(got)}, must be ${shown(p.allowedValue)}`;
    default:
      return `${at} ${e.message ?? 'is invalid'} (got ${shown(got)})`;
  }
}

/**
 * Validates one JSON file. For a FeatureCollection, errors inside /features/N are reported with
 * index N and a path relative to the feature; `badFeatures` lists those N so that later checks
 * can skip features whose shape is not what they assume.
 */
export function checkAgainstSchema(
  file: string,
  name: SchemaName,
  data: unknown,
): { problems: DatasetProblem[]; badFeatures: Set<number> } {
  const validate = validator(name);
  const badFeatures = new Set<number>();
  if (validate(data)) return { problems: [], badFeatures };
  const problems: DatasetProblem[] = [];
  const perFeature = new Map<number, number>();
  const seen = new Set<string>();
  // 'if' only says that a 'then'/'else' branch failed; that branch's own errors say why.
  for (const e of (validate.errors ?? []).filter((x) => x.keyword !== 'if')) {
    const m = /^\/features\/(\d+)(\/.*)?$/.exec(e.instancePath);
    const index = m ? Number(m[1]) : undefined;
    const path = (m ? (m[2] ?? '') : e.instancePath).slice(1).replace(/\//g, '.');
    const message = describe(e, path, data);
    const key = `${index}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (index === undefined) {
      problems.push({ file, message });
      continue;
    }
    badFeatures.add(index);
    const n = (perFeature.get(index) ?? 0) + 1;
    perFeature.set(index, n);
    if (n <= PER_FEATURE) problems.push({ file, index, message });
  }
  return { problems, badFeatures };
}
