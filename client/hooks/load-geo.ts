// Fetch the geo bundle once into the store. An exhibition screen may boot before the server
// does, so failures retry with a capped back-off instead of leaving the wall empty.
import type { GeoBundle } from '@shared/protocol';
import type { Store } from '../store/store';
import { DENIED_RETRY_MS, withScreenToken } from '../util/screen-token';

export function geoUrl(search: string): string {
  return withScreenToken('/api/geo', search);
}

export function loadGeo(store: Store, search = location.search): void {
  let delay = 1000;
  const attempt = async () => {
    let wait = delay;
    try {
      const res = await fetch(geoUrl(search));
      if (res.ok) return store.dispatch('geo', (await res.json()) as GeoBundle);
      // Refused for want of SCREEN_TOKEN: the socket tells the screen; ask again only slowly.
      if (res.status === 401) wait = DENIED_RETRY_MS;
    } catch {
      // the server is not up yet
    }
    setTimeout(() => void attempt(), wait);
    delay = Math.min(delay * 2, 10_000);
  };
  void attempt();
}
