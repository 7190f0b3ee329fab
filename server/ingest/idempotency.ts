// Idempotency-Key checks shared by the single writes and /api/batch: a key remembers the hash of
// the body it first came with; the same key with another body is a client bug worth hearing about.
import { createHash } from 'node:crypto';
import { HttpError } from '../http-error';
import type { IdempotencyScope, RememberedResponse, Store } from '../store/records';

/** SHA-256 of the body with its keys sorted: the same fields in another order are the same body. */
export function bodyHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body ?? null)))
    .digest('hex');
}

/** The first answer for this key and body, undefined for a new key; 422 for another body. */
export async function remembered(
  store: Store,
  scope: IdempotencyScope,
  hash: string,
): Promise<RememberedResponse | undefined> {
  const seen = await store.getIdempotent(scope);
  if (seen && seen.bodyHash !== null && seen.bodyHash !== hash)
    throw new HttpError(
      422,
      'idempotency_key_reused',
      `Idempotency-Key "${scope.key}" was used for another ${scope.route} body on this problem; use a new key for a new request`,
    );
  return seen;
}
