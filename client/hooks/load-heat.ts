// The heat map shows where problems were reported over the last 30 days: the server's list is
// loaded at start, again every quarter of an hour (the window moves on) and after the screen may
// have missed reports (heatMayHaveGaps); live reports are added in between by the store. Failures
// retry, as for the geometry.
import type { Store } from '../store/store';
import type { ScreenState } from '../store/screen-state';
import { sameScope } from '../store/updaters';
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

export function loadHeat(store: Store, search = location.search): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let gap = false;
  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void attempt(), ms);
  };
  const attempt = async () => {
    gap = false;
    try {
      const res = await fetch(heatUrl(search));
      if (res.status === 401) return later(DENIED_RETRY_MS);
      if (!res.ok) throw new Error(`GET /api/heat: ${res.status}`);
      const body = (await res.json()) as { points: Array<[number, number]> };
      store.dispatch('heatBase', body.points);
      // A gap seen while this request was out is not covered by its answer.
      later(gap ? GAP_REFRESH_MS : REFRESH_MS);
    } catch {
      later(10_000);
    }
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
