// stations.geojson and context.geojson beyond their schemas: unique station ids, each in an
// existing community and inside it; WGS84 coordinates everywhere. Context features are the
// neighbours, so they are only held to valid lon/lat, not to the district's bbox.
import { geometryFault, type BBox } from './check-coords';
import { near } from './check-geometry';
import type { RegionIndex } from './check-regions';
import type { Dataset, DatasetProblem } from './types';

export function checkStations(
  ds: Dataset,
  badShape: Set<number>,
  bbox: BBox | undefined,
  regions: RegionIndex,
): DatasetProblem[] {
  const problems: DatasetProblem[] = [];
  const seen = new Map<string, number>();
  const features = Array.isArray(ds.stations?.features) ? ds.stations.features : [];
  features.forEach((f, index) => {
    if (badShape.has(index)) return;
    const report = (message: string) => problems.push({ file: 'stations.geojson', index, message });
    const s = f.properties;
    const first = seen.get(s.id);
    if (first !== undefined) report(`duplicate id ${s.id} (also #${first})`);
    else seen.set(s.id, index);
    const fault = geometryFault(f.geometry.coordinates, bbox);
    if (fault) return report(fault);
    const region = regions.byId.get(s.regionId);
    if (!region) return report(`regionId ${s.regionId} is not the id of any region`);
    if (region.info.level !== 'community')
      return report(
        `regionId ${s.regionId} is a ${region.info.level}; a station belongs to a community`,
      );
    if (regions.sound.has(region.index) && !near(f.geometry.coordinates as number[], region.f))
      report(
        `point [${(f.geometry.coordinates as number[]).join(', ')}] is not inside its community ${s.regionId} (regions.geojson#${region.index})`,
      );
  });
  return problems;
}

export function checkContext(ds: Dataset, badShape: Set<number>): DatasetProblem[] {
  const features = Array.isArray(ds.context?.features) ? ds.context.features : [];
  return features.flatMap((f, index) => {
    if (badShape.has(index)) return [];
    const fault = geometryFault(f.geometry.coordinates);
    return fault ? [{ file: 'context.geojson', index, message: fault }] : [];
  });
}
