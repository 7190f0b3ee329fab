// The wall's one fetch-with-retry, on fake timers: back-off doubling to a cap with jitter, a
// loader's own wait (a refused token asks again only after 30 s), abort at any point, and the four
// loaders that use it keeping their answers (404 scene file → default, a gone scope skipped).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  backoffDelay,
  done,
  fetchWithRetry,
  FIRST_DELAY_MS,
  MAX_DELAY_MS,
  retry,
} from '../../client/util/fetch-retry';
import { DENIED_RETRY_MS } from '../../client/util/screen-token';
import { loadGeo } from '../../client/hooks/load-geo';
import { loadHeat } from '../../client/hooks/load-heat';
import { FALLBACK, fetchSceneFile } from '../../client/modes/scene-file';
import { fetchFrozenViews } from '../../client/modes/frozen-views';
import { initialState } from '../../client/store/screen-state';
import type { Store } from '../../client/store/store';

/** A status, the server away, a 200 whose body breaks off, or a status with a JSON body. */
type Reply = number | 'down' | 'cut' | { status: number; body: unknown };
/** A fetch that answers from a script, one reply per call (the last one repeats). */
function scriptedFetch(...replies: Reply[]) {
  const calls: Array<{ url: string; at: number }> = [];
  const fn = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, at: Date.now() });
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const r = replies[Math.min(calls.length - 1, replies.length - 1)]!;
    if (r === 'down') throw new TypeError('fetch failed');
    if (r === 'cut') return new Response('{"points": [[104.0', { status: 200 });
    const { status, body } = typeof r === 'number' ? { status: r, body: {} } : r;
    return new Response(JSON.stringify(body), { status });
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

const json = async (res: Response) => (res.ok ? done(await res.json()) : retry());

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('back-off', () => {
  it('doubles from the first delay to the cap, each wait in the upper half of its step', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** n);
        const wait = backoffDelay(n, {}, () => r);
        expect(wait).toBeGreaterThanOrEqual(step / 2);
        expect(wait).toBeLessThanOrEqual(step);
        expect(wait).toBeLessThanOrEqual(MAX_DELAY_MS);
      }),
    );
  });
});

describe('fetchWithRetry', () => {
  it('asks again after 1, 2, 4, 8 s and then every 15 s while the server is away', async () => {
    const calls = scriptedFetch('down', 'down', 'down', 'down', 'down', 'down', {
      status: 200,
      body: { ok: 1 },
    });
    const got = fetchWithRetry('/api/x', json, { random: () => 1 });
    await vi.runAllTimersAsync();
    expect(await got).toEqual({ ok: 1 });
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it("retries a 5xx like a network error, and waits the loader's own time when it says so", async () => {
    const calls = scriptedFetch(503, 401, 401, { status: 200, body: 'geo' });
    const got = fetchWithRetry('/api/geo', async (res) =>
      res.ok ? done(await res.json()) : retry(res.status === 401 ? DENIED_RETRY_MS : undefined),
    );
    await vi.runAllTimersAsync();
    expect(await got).toBe('geo');
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(FIRST_DELAY_MS / 2);
    expect(gaps[0]).toBeLessThanOrEqual(FIRST_DELAY_MS);
    expect(gaps.slice(1)).toEqual([DENIED_RETRY_MS, DENIED_RETRY_MS]);
  });

  it('treats a body that cannot be read as a failure, and asks again', async () => {
    const calls = scriptedFetch('cut', { status: 200, body: [1] });
    const got = fetchWithRetry('/api/x', json);
    await vi.runAllTimersAsync();
    expect(await got).toEqual([1]);
    expect(calls).toHaveLength(2);
  });

  it('stops at once when aborted while waiting, and resolves to null', async () => {
    const calls = scriptedFetch('down');
    const ctl = new AbortController();
    const got = fetchWithRetry('/api/x', json, { signal: ctl.signal });
    await vi.advanceTimersByTimeAsync(5_000);
    const before = calls.length;
    expect(before).toBeGreaterThan(1);
    ctl.abort();
    expect(await got).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(before);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves to null when aborted while the request is out, even if the answer came', async () => {
    scriptedFetch({ status: 200, body: 1 });
    const ctl = new AbortController();
    const got = fetchWithRetry(
      '/api/x',
      async (res) => {
        ctl.abort();
        return done(await res.json());
      },
      { signal: ctl.signal },
    );
    expect(await got).toBeNull();
  });
});

const fakeStore = () => {
  const dispatched: Array<[string, unknown]> = [];
  const store = {
    get: () => initialState(),
    dispatch: (event: string, payload: unknown) => dispatched.push([event, payload]),
    subscribe: () => () => {},
  } as unknown as Store;
  return { store, dispatched };
};

describe('the loaders', () => {
  it('geometry: refused for want of a token, asks once every 30 s, with the token in the URL', async () => {
    const calls = scriptedFetch(401);
    const { store, dispatched } = fakeStore();
    loadGeo(store, '?token=t1');
    await vi.advanceTimersByTimeAsync(DENIED_RETRY_MS * 2 + 1);
    expect(calls.map((c) => c.at)).toEqual([0, DENIED_RETRY_MS, DENIED_RETRY_MS * 2]);
    expect(calls[0]!.url).toBe('/api/geo?token=t1');
    expect(dispatched).toEqual([]);
  });

  it('heat list: refused, asks again after 30 s; answered, dispatches the points once', async () => {
    const calls = scriptedFetch(401, { status: 200, body: { points: [[104, 30]] } });
    const { store, dispatched } = fakeStore();
    loadHeat(store, '');
    await vi.advanceTimersByTimeAsync(DENIED_RETRY_MS - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(dispatched).toEqual([['heatBase', [[104, 30]]]]);
  });

  it('scene file: a missing file is the default tour at once; a server error is retried', async () => {
    scriptedFetch(404);
    const missing = await fetchSceneFile('tour', new AbortController().signal, '');
    expect(missing?.file).toBe(FALLBACK);

    const calls = scriptedFetch(500, { status: 200, body: { version: 1, scenes: [{}] } });
    const got = fetchSceneFile('briefing', new AbortController().signal, '?token=a');
    await vi.runAllTimersAsync();
    expect((await got)?.file.scenes).toHaveLength(1);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/scenes/briefing?token=a',
      '/api/scenes/briefing?token=a',
    ]);
  });

  it('frozen views: a scope that is gone is skipped, a busy server is asked again', async () => {
    const view = (id: string) => ({ status: 200, body: { view: { scope: { id } } } });
    const calls = scriptedFetch(404, 429, view('s2'));
    const got: unknown[] = [];
    const run = fetchFrozenViews(
      [
        { level: 'street', id: 's1' },
        { level: 'street', id: 's2' },
      ],
      '2026-11-20T18:00:00+08:00',
      new AbortController().signal,
      (v) => got.push(v),
      '',
    );
    await vi.runAllTimersAsync();
    await run;
    expect(calls).toHaveLength(3);
    expect(got).toEqual([{ scope: { id: 's2' } }]);
  });
});
