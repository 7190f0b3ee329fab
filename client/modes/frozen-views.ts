// The briefing's frozen figures: one view per scope the briefing visits, all counted by the server
// at the briefing's moment (GET /api/snapshot?at=), so every scene (and going back to one) shows
// the same numbers while the presenter talks, and every window — a wall reloaded mid-briefing, a
// second wall that joined late, a server restarted in between — shows the same numbers too.
import type { RegionRef, ScopeView, Snapshot } from '@shared/protocol';
import type { Scene } from './scenes';
import { done, fetchWithRetry, retry } from '../util/fetch-retry';
import { withScreenToken } from '../util/screen-token';

export interface FrozenViews {
  /** ISO time the figures are as of (the wall's "数据截至" stamp). */
  frozenAt: string;
  views: Record<string, ScopeView>;
}

export const scopeKey = (r: RegionRef): string => `${r.level}:${r.id}`;

export function distinctScopes(scenes: Scene[]): RegionRef[] {
  const seen = new Map<string, RegionRef>();
  for (const s of scenes) seen.set(scopeKey(s.focus), s.focus);
  return [...seen.values()];
}

export function snapshotUrl(scope: RegionRef, frozenAt: string, search: string): string {
  const q = new URLSearchParams({ level: scope.level, id: scope.id, at: frozenAt });
  return withScreenToken(`/api/snapshot?${q}`, search);
}

async function momentNotHeld(res: Response): Promise<boolean> {
  if (res.status !== 404) return false;
  try {
    return ((await res.json()) as { error?: string }).error === 'unknown_moment';
  } catch {
    return false;
  }
}

/**
 * Every scope at `frozenAt`. A scope that fails is tried again with a capped back-off (the server
 * may be restarting); until it arrives the wall shows that scope's last live view.
 */
export async function fetchFrozenViews(
  scopes: RegionRef[],
  frozenAt: string,
  signal: AbortSignal,
  onView: (view: ScopeView) => void,
  search = location.search,
): Promise<void> {
  // One at a time: the presenter's start made the server count the moment; each reads that count.
  for (const scope of scopes) {
    if (signal.aborted) return;
    const view = await fetchWithRetry(
      snapshotUrl(scope, frozenAt, search),
      async (res) => {
        if (res.ok) return done(((await res.json()) as Snapshot).view);
        // Busy or restarting, or 404 unknown_moment (the presenter's start is still being counted,
        // or a restarted server waits for the presenter to re-tell it): ask again. Any other 4xx
        // is a scope the district no longer has.
        if (res.status >= 500 || res.status === 429 || (await momentNotHeld(res))) return retry();
        return done(null);
      },
      { signal, init: { cache: 'no-store' } },
    );
    if (view) onView(view);
  }
}
