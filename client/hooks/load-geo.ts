// Fetch the geo bundle once into the store. An exhibition screen may boot before the server
// does, so failures retry with a capped back-off instead of leaving the wall empty.
import type { GeoBundle } from '@shared/protocol';
import type { Store } from '../store/store';
import { done, fetchWithRetry, retry } from '../util/fetch-retry';
import { DENIED_RETRY_MS, withScreenToken } from '../util/screen-token';

export function geoUrl(search: string): string {
  return withScreenToken('/api/geo', search);
}

export function loadGeo(store: Store, search = location.search): void {
  void fetchWithRetry(geoUrl(search), async (res) => {
    if (res.ok) return done((await res.json()) as GeoBundle);
    // Refused for want of SCREEN_TOKEN: the socket tells the screen; ask again only slowly.
    return retry(res.status === 401 ? DENIED_RETRY_MS : undefined);
  }).then((geo) => geo && store.dispatch('geo', geo));
}
