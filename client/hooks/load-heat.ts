// The heat map shows where problems were reported over the last 30 days: the server's list is
// loaded at start and again every quarter of an hour (the window moves on); live reports are
// added in between by the store. Failures retry, as for the geometry.
import type { Store } from '../store/store';
import { DENIED_RETRY_MS, withScreenToken } from '../util/screen-token';

const REFRESH_MS = 15 * 60_000;

export function heatUrl(search: string): string {
  return withScreenToken('/api/heat', search);
}

export function loadHeat(store: Store, search = location.search): void {
  const attempt = async () => {
    try {
      const res = await fetch(heatUrl(search));
      if (res.status === 401) return void setTimeout(attempt, DENIED_RETRY_MS);
      if (!res.ok) throw new Error(`GET /api/heat: ${res.status}`);
      const body = (await res.json()) as { points: Array<[number, number]> };
      store.dispatch('heatBase', body.points);
      setTimeout(attempt, REFRESH_MS);
    } catch {
      setTimeout(attempt, 10_000);
    }
  };
  void attempt();
}
