// The briefing's frozen figures: one view per scope the briefing visits, all taken together when
// the briefing starts, so every scene (and going back to one) shows the same numbers while the
// presenter talks. Kept in sessionStorage per briefing and freeze time, so a wall reloaded in
// the middle of a briefing comes back with the same figures instead of newer ones.
import type { RegionRef, ScopeView, Snapshot } from '@shared/protocol';
import type { Scene } from './scenes';

export interface FrozenViews {
  /** ISO time the figures were taken (the wall's "数据截至" stamp). */
  takenAt: string;
  views: Record<string, ScopeView>;
}

export const scopeKey = (r: RegionRef): string => `${r.level}:${r.id}`;

export function distinctScopes(scenes: Scene[]): RegionRef[] {
  const seen = new Map<string, RegionRef>();
  for (const s of scenes) seen.set(scopeKey(s.focus), s.focus);
  return [...seen.values()];
}

function snapshotUrl(scope: RegionRef, search: string): string {
  const q = new URLSearchParams({ level: scope.level, id: scope.id });
  const token = new URLSearchParams(search).get('token');
  if (token) q.set('token', token);
  return `/api/snapshot?${q}`;
}

/** Takes a view of every scope; a scope that fails is left out (its first live view is used). */
export async function captureViews(
  scopes: RegionRef[],
  signal: AbortSignal,
  search = location.search,
): Promise<FrozenViews> {
  const takenAt = new Date().toISOString();
  const views: Record<string, ScopeView> = {};
  // One at a time: a briefing has a handful of scopes, and the server has other screens to feed.
  for (const scope of scopes) {
    if (signal.aborted) break;
    try {
      const res = await fetch(snapshotUrl(scope, search), { signal, cache: 'no-store' });
      if (res.ok) views[scopeKey(scope)] = ((await res.json()) as Snapshot).view;
    } catch {
      // left out: the live snapshot of that scope stands in
    }
  }
  return { takenAt, views };
}

const PREFIX = 'briefing-frozen:';
const storageKey = (briefingId: string, frozenAt: string) => `${PREFIX}${briefingId}@${frozenAt}`;

export function loadFrozen(briefingId: string, frozenAt: string): FrozenViews | null {
  try {
    const raw = sessionStorage.getItem(storageKey(briefingId, frozenAt));
    return raw ? (JSON.parse(raw) as FrozenViews) : null;
  } catch {
    return null;
  }
}

/** Keeps only the current freeze of each briefing; a full storage just means no reload cache. */
export function saveFrozen(briefingId: string, frozenAt: string, frozen: FrozenViews): void {
  try {
    for (let i = sessionStorage.length - 1; i >= 0; i--) {
      const k = sessionStorage.key(i);
      if (k?.startsWith(`${PREFIX}${briefingId}@`)) sessionStorage.removeItem(k);
    }
    sessionStorage.setItem(storageKey(briefingId, frozenAt), JSON.stringify(frozen));
  } catch {
    // quota or privacy mode: the figures still hold for this page's life
  }
}
