// A store that cannot reach its database right now (PostgreSQL down, restarting, the network
// cut). Nothing was written: the caller may send the same request again once it is back, so the
// API answers 503 with Retry-After, not 500, and the process serves on from memory.

/** Seconds a client is told to wait before it sends the write again. */
export const RETRY_AFTER_S = 5;

export class StoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`the database cannot be reached (${why})`);
    this.name = 'StoreUnavailableError';
  }
}
