// The one error shape of every API answer ≥ 400: { error, message, details? }. Services throw
// HttpError; the app's error handler turns it (and Fastify's own errors) into that shape.
import type { ApiError } from '../shared/protocol';
import { ID_PATTERN } from './schemas/ingest';
import { SIMULATED_ID_PREFIX } from './store/records';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toJSON(): ApiError {
    return {
      error: this.code,
      message: this.message,
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Ajv/TypeBox errors → one sentence per field that says what to send instead. */
export function describeSchemaErrors(errors: SchemaError[], where = 'body'): string[] {
  const out = new Set<string>();
  for (const e of errors) {
    const field = `${where}${e.instancePath.replace(/\//g, '.')}`;
    const p = e.params;
    if (e.keyword === 'enum' && Array.isArray(p.allowedValues))
      out.add(`${field} must be one of: ${(p.allowedValues as unknown[]).join(', ')}`);
    else if (e.keyword === 'required')
      out.add(
        `${field} is missing the required field "${String(p.missingProperty ?? p.requiredProperties)}"`,
      );
    else if (e.keyword === 'additionalProperties')
      out.add(
        `${field} has an unknown field "${String(p.additionalProperty ?? p.additionalProperties)}"`,
      );
    else if (e.keyword === 'boolean' || e.keyword === 'anyOf')
      continue; // echoes of the lines above
    else if (e.keyword === 'pattern' && p.pattern === ID_PATTERN)
      out.add(
        `${field} must be letters, digits and _ . : - only, and not start with ${SIMULATED_ID_PREFIX} (kept for the built-in simulator's records)`,
      );
    else if (e.keyword === 'format')
      out.add(`${field} must be a ${String(p.format)} (e.g. 2026-11-23T09:30:00+08:00)`);
    else out.add(`${field} ${e.message ?? 'is not valid'}`);
  }
  return [...out];
}
