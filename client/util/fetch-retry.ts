// The one fetch-with-retry of every REST loader on the wall (geometry, heat list, scene files,
// frozen briefing figures). A screen may boot before the server does, or outlive its restart: it
// asks again on an exponential back-off with jitter (so a room of walls restarted together does
// not knock in step), capped so it is back within seconds once the server is, and stops at once
// when the caller aborts (a component unmounted, a newer request took over).

/** What an answer means to the loader: a value to return, or ask again (after `waitMs`, if set). */
export type Answer<T> = { value: T } | { retry: true; waitMs?: number };

export const done = <T>(value: T): Answer<T> => ({ value });
export const retry = (waitMs?: number): Answer<never> => ({ retry: true, waitMs });

export interface RetryOptions {
  signal?: AbortSignal;
  init?: RequestInit;
  /** First back-off, ms (default 1 s); it doubles on each failure up to `maxDelayMs`. */
  firstDelayMs?: number;
  /** The cap of the back-off, ms (default 15 s). */
  maxDelayMs?: number;
  random?: () => number;
}

export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15_000;

/**
 * The wait before retry number `n` (0-based): min(cap, first · 2ⁿ), of which the upper half is
 * drawn at random ("equal jitter"), so a wait is never under half its step nor over the cap.
 */
export function backoffDelay(n: number, o: RetryOptions = {}, random = Math.random): number {
  const step = Math.min(
    o.maxDelayMs ?? MAX_DELAY_MS,
    (o.firstDelayMs ?? FIRST_DELAY_MS) * 2 ** Math.min(n, 30),
  );
  return step / 2 + (random() * step) / 2;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Fetches `url` until `answer` accepts a response. A network error, or an answer's `retry()`,
 * waits (the back-off, or the answer's own wait) and asks again; the answer may read the body
 * (a body cut off mid-way is a failure like any other). Resolves to the accepted value, or to
 * null once `signal` aborts — never rejects.
 */
export async function fetchWithRetry<T>(
  url: string,
  answer: (res: Response) => Answer<T> | Promise<Answer<T>>,
  o: RetryOptions = {},
): Promise<T | null> {
  const { signal } = o;
  for (let failures = 0; !signal?.aborted;) {
    let wait: number | undefined;
    try {
      const a = await answer(await fetch(url, { ...o.init, signal }));
      if ('value' in a) return signal?.aborted ? null : a.value;
      wait = a.waitMs;
    } catch {
      // the server is away (or the fetch was aborted: the loop ends below)
    }
    if (signal?.aborted) break;
    await sleep(wait ?? backoffDelay(failures++, o, o.random), signal);
  }
  return null;
}
