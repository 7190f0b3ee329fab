// Pure read-outs of the state that several components need: the region tree of the geo bundle,
// the breadcrumb path, the children to rank, and the headline figures. Kept out of components so
// they are unit-tested and computed once per geo bundle (WeakMap), not per render.
import { REGION_LEVELS, STATION_KINDS } from '@shared/protocol';
import type { GeoBundle, RegionInfo, RegionLevel, RegionRef, ScopeView } from '@shared/protocol';

export interface RegionTree {
  byId: Map<string, RegionInfo>;
  children: Map<string, RegionInfo[]>;
}

const trees = new WeakMap<GeoBundle, RegionTree>();

export function regionTree(geo: GeoBundle): RegionTree {
  const cached = trees.get(geo);
  if (cached) return cached;
  const byId = new Map<string, RegionInfo>();
  const children = new Map<string, RegionInfo[]>();
  for (const f of geo.regions.features) {
    const r = f.properties;
    byId.set(r.id, r);
    if (r.parentId) {
      const list = children.get(r.parentId) ?? [];
      list.push(r);
      children.set(r.parentId, list);
    }
  }
  for (const list of children.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  const tree = { byId, children };
  trees.set(geo, tree);
  return tree;
}

export function childLevel(level: RegionLevel): RegionLevel | null {
  const i = REGION_LEVELS.indexOf(level);
  return REGION_LEVELS[i + 1] ?? null;
}

/** District → … → the scope itself, for the breadcrumb. Unknown ids give what is known. */
export function scopePath(geo: GeoBundle, scope: RegionRef): RegionInfo[] {
  const { byId } = regionTree(geo);
  const path: RegionInfo[] = [];
  let cur = byId.get(scope.id);
  while (cur && path.length < REGION_LEVELS.length) {
    path.unshift(cur);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}

export function childrenOf(geo: GeoBundle, id: string): RegionInfo[] {
  return regionTree(geo).children.get(id) ?? [];
}

export interface Headline {
  solved: number;
  satisfactionRate: number | null;
  stations: number;
  volunteers: number;
}

export function headline(view: ScopeView): Headline {
  return {
    solved: view.windows.year.solved,
    satisfactionRate: view.windows.year.satisfactionRate,
    stations: STATION_KINDS.reduce((s, k) => s + (view.figures.stations[k] ?? 0), 0),
    volunteers: view.figures.volunteers,
  };
}
