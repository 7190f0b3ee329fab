// The heat map shows where problems were reported over the last 30 days: the server's list is
// loaded at start, again every quarter of an hour (the window moves on) and after the screen may
// have missed reports (heatMayHaveGaps); live reports are added in between by the store. Failures
// retry, as for the geometry.
import type { Store } from '../store/store';
import type { ScreenState } from '../store/screen-state';
import { sameScope } from '../store/updaters';
import { done, fetchWithRetry, retry } from '../util/fetch-retry';
import { DENIED_RETRY_MS, withScreenToken } from '../util/screen-token';

const REFRESH_MS = 15 * 60_000;

export function heatUrl(search: string): string {
  return withScreenToken('/api/heat', search);
}

/**
 * Whether the screen may have missed reports that the heat map should show: live reports come
 * with the deltas of the scope on screen, so a link that was down, or a drill-down (other
 * streets' reports are not sent), leaves gaps that only the server's list fills.
 */
export function heatMayHaveGaps(prev: ScreenState, next: ScreenState): boolean {
  const backOnline =
    next.status === 'live' && prev.status !== 'live' && prev.status !== 'connecting';
  const backToDistrict =
    next.scope.level === 'district' && prev.scope.id !== '' && !sameScope(prev.scope, next.scope);
  return backOnline || backToDistrict;
}

/** After a gap, wait a moment: a tour or a quick click may move on again at once. */
const GAP_REFRESH_MS = 2000;

const DENIED = 'denied';
type HeatAnswer = Array<[number, number]> | typeof DENIED;

export function loadHeat(store: Store, search = location.search): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let gap = false;
  let current: AbortController | undefined;
  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
  };
  const attempt = async () => {
    gap = false;
    // One list on its way at a time: a newer request (after a gap) replaces one still retrying.
    current?.abort();
    const ctl = (current = new AbortController());
    const points = await fetchWithRetry<HeatAnswer>(
      heatUrl(search),
      async (res) => {
        if (res.status === 401) return done(DENIED);
        if (!res.ok) return retry();
        return done(((await res.json()) as { points: Array<[number, number]> }).points);
      },
      { signal: ctl.signal },
    );
    if (points === null) return; // replaced by a newer request
    // Refused for want of SCREEN_TOKEN: ask again only slowly.
    if (points === DENIED) return later(DENIED_RETRY_MS);
    store.dispatch('heatBase', points);
    // A gap seen while this request was out is not covered by its answer.
    later(gap ? GAP_REFRESH_MS : REFRESH_MS);
  };
  let prev = store.get();
  store.subscribe(() => {
    const next = store.get();
    if (heatMayHaveGaps(prev, next)) {
      gap = true;
      later(GAP_REFRESH_MS);
    }
    prev = next;
  });
  void attempt();
}
