// Fetch the geo bundle once into the store. An exhibition screen may boot before the server
// does, so failures retry with a capped back-off instead of leaving the wall empty.
import type { GeoBundle } from '@shared/protocol';
import type { Store } from '../store/store';

export function geoUrl(search: string): string {
  // SCREEN_TOKEN deployments put the token in the page address; read APIs need it too.
  const token = new URLSearchParams(search).get('token');
  return token ? `/api/geo?token=${encodeURIComponent(token)}` : '/api/geo';
}

export function loadGeo(store: Store, search = location.search): void {
  let delay = 1000;
  const attempt = async () => {
    try {
      const res = await fetch(geoUrl(search));
      if (!res.ok) throw new Error(`GET /api/geo: ${res.status}`);
      store.dispatch('geo', (await res.json()) as GeoBundle);
    } catch {
      setTimeout(attempt, delay);
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void attempt();
}
