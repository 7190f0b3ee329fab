// regions.geojson beyond its schema: unique ids, one district, every parent present and one
// level up, a kind that fits the level (镇 is a street, 村 a community), WGS84 coordinates, label points inside, rings that do not cross, children tiling
// their parent. Returns the index the other checks look ids up in.
import {
  LEVEL_KINDS,
  REGION_LEVELS,
  type RegionInfo,
  type RegionLevel,
} from '../../shared/protocol';
import { geometryFault, positionFault, type BBox } from './check-coords';
import { checkTiling, crossings, near, unclosedRing, type Area } from './check-geometry';
import type { Dataset, DatasetProblem } from './types';

const FILE = 'regions.geojson';

const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  district: null,
  street: 'district',
  community: 'street',
  grid: 'community',
};
const PLURAL: Record<RegionLevel, string> = {
  district: 'districts',
  street: 'streets',
  community: 'communities',
  grid: 'grids',
};

export interface RegionIndex {
  /** First feature with each id. */
  byId: Map<string, { index: number; info: RegionInfo; f: Area }>;
  /** Features whose geometry the area checks can trust. */
  sound: Set<number>;
}

export function checkRegions(
  ds: Dataset,
  badShape: Set<number>,
  bbox: BBox | undefined,
): { problems: DatasetProblem[]; regions: RegionIndex } {
  const problems: DatasetProblem[] = [];
  const report = (index: number, message: string) => problems.push({ file: FILE, index, message });
  const features = Array.isArray(ds.regions?.features)
    ? (ds.regions.features as unknown as Area[])
    : [];
  const byId: RegionIndex['byId'] = new Map();
  const sound = new Set<number>();

  features.forEach((f, index) => {
    if (badShape.has(index)) return;
    const info = f.properties as unknown as RegionInfo;
    const first = byId.get(info.id);
    if (first) report(index, `duplicate id ${info.id} (also #${first.index}, ${first.info.name})`);
    else byId.set(info.id, { index, info, f });
    const kinds = LEVEL_KINDS[info.level];
    if (info.kind !== undefined && !kinds.includes(info.kind))
      report(
        index,
        kinds.length
          ? `kind ${info.kind} is not a kind of ${info.level}; a ${info.level} is one of ${kinds.join(', ')}`
          : `a ${info.level} has no kind, but kind is ${info.kind}`,
      );

    const fault = geometryFault(f.geometry.coordinates, bbox);
    if (fault) return report(index, fault);
    const ring = unclosedRing(f);
    if (ring !== null)
      return report(index, `ring ${ring} is not closed (its last position must repeat its first)`);
    const cross = crossings(f);
    if (cross.length)
      return report(
        index,
        `self-intersecting polygon: edges cross at ${cross
          .slice(0, 3)
          .map((c) => `[${c.map((x) => +x.toFixed(6)).join(', ')}]`)
          .join(', ')}${cross.length > 3 ? ` and ${cross.length - 3} more points` : ''}`,
      );
    const centerFault = positionFault(info.center, bbox);
    if (centerFault) return report(index, `center: ${centerFault}`);
    if (!near(info.center, f))
      report(index, `center [${info.center.join(', ')}] is not inside the region`);
    sound.add(index);
  });

  const districts = [...byId.values()].filter((r) => r.info.level === 'district');
  if (districts.length === 0 && features.length)
    problems.push({ file: FILE, message: 'no feature has level "district"' });
  for (const extra of districts.slice(1))
    report(
      extra.index,
      `a second district (the first is #${districts[0]!.index}); a dataset holds one district`,
    );
  const code = ds.manifest?.districtCode;
  if (districts[0] && code !== undefined && districts[0].info.id !== code)
    problems.push({
      file: 'manifest.json',
      message: `districtCode ${code} is not the id of the district in regions.geojson (${districts[0].info.id})`,
    });

  const children = new Map<string, number[]>();
  features.forEach((f, index) => {
    if (badShape.has(index)) return;
    const info = f.properties as unknown as RegionInfo;
    const want = PARENT_LEVEL[info.level];
    if (want === null) {
      if (info.parentId !== null)
        report(index, `a district has no parent, but parentId is ${info.parentId}`);
      return;
    }
    if (info.parentId === null)
      return report(index, `missing parent: a ${info.level} needs a parentId (a ${want} id)`);
    const parent = byId.get(info.parentId);
    if (!parent)
      return report(index, `missing parent: parentId ${info.parentId} is not the id of any region`);
    if (parent.info.level !== want)
      return report(
        index,
        `parent ${info.parentId} is a ${parent.info.level}; the parent of a ${info.level} must be a ${want}`,
      );
    const list = children.get(info.parentId);
    if (list) list.push(index);
    else children.set(info.parentId, [index]);
  });

  for (const r of byId.values()) {
    const below = REGION_LEVELS[REGION_LEVELS.indexOf(r.info.level) + 1];
    const kids = children.get(r.info.id);
    if (below && !kids) report(r.index, `${r.info.level} ${r.info.id} has no ${PLURAL[below]}`);
    if (!kids || !sound.has(r.index) || !kids.every((k) => sound.has(k))) continue;
    try {
      problems.push(
        ...checkTiling(
          r.index,
          r.f,
          kids.map((k) => [k, features[k]!]),
        ),
      );
    } catch (err) {
      report(r.index, `could not compare with its ${PLURAL[below!]}: ${(err as Error).message}`);
    }
  }
  return { problems, regions: { byId, sound } };
}
