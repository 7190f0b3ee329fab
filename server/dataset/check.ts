// Validates a district dataset (format: data/README.md) and reports every problem with its file
// and feature index or CSV line. The server refuses to start on an invalid dataset
// (loadValidDataset) and `npm run data:check` prints the same list, so a fix can be checked
// without starting anything.
import { validBBox, type BBox } from './check-coords';
import { checkFigures, checkHistory } from './check-csv';
import { checkRegions } from './check-regions';
import { checkAgainstSchema } from './check-schema';
import { checkContext, checkStations } from './check-stations';
import { readDataset, type CsvLines } from './load';
import { formatProblem } from './problem';
import type { Dataset, DatasetProblem } from './types';

export { formatProblem };

const FILE_ORDER = [
  'manifest.json',
  'regions.geojson',
  'stations.geojson',
  'context.geojson',
  'figures.csv',
  'history.csv',
];

/** File by file, then by feature or line, so the list reads like a walk through the files. */
function byPlace(a: DatasetProblem, b: DatasetProblem): number {
  const f = FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file);
  return f || (a.index ?? a.line ?? -1) - (b.index ?? b.line ?? -1);
}

/**
 * Every problem of a loaded dataset. `lines` (from readDataset) gives CSV rows their file line;
 * without it row i is taken to be on line i + 2.
 */
export function checkDataset(ds: Dataset, lines?: Partial<CsvLines>): DatasetProblem[] {
  const problems: DatasetProblem[] = [];
  const manifest = checkAgainstSchema('manifest.json', 'manifest', ds.manifest);
  problems.push(...manifest.problems);
  let bbox: BBox | undefined;
  if (validBBox(ds.manifest?.bbox)) bbox = ds.manifest.bbox;
  else if (ds.manifest?.bbox !== undefined)
    problems.push({
      file: 'manifest.json',
      message: `bbox ${JSON.stringify(ds.manifest.bbox)} is not [west, south, east, north] in WGS84 degrees`,
    });

  const regionShapes = checkAgainstSchema('regions.geojson', 'regions', ds.regions);
  problems.push(...regionShapes.problems);
  const { problems: regionProblems, regions } = checkRegions(ds, regionShapes.badFeatures, bbox);
  problems.push(...regionProblems);

  const stationShapes = checkAgainstSchema('stations.geojson', 'stations', ds.stations);
  problems.push(...stationShapes.problems);
  problems.push(...checkStations(ds, stationShapes.badFeatures, bbox, regions));

  const contextShapes = checkAgainstSchema('context.geojson', 'context', ds.context);
  problems.push(...contextShapes.problems, ...checkContext(ds, contextShapes.badFeatures));

  problems.push(...checkFigures(ds, regions, lines?.figures));
  problems.push(...checkHistory(ds, regions, bbox, lines?.history));
  return problems.sort(byPlace);
}

/** Reads and checks a dataset directory: problems of reading (files, encoding) and of content. */
export async function inspectDataset(
  dir: string,
): Promise<{ dataset: Dataset; problems: DatasetProblem[] }> {
  const read = await readDataset(dir);
  const problems = [...read.problems, ...checkDataset(read.dataset, read.lines)].sort(byPlace);
  return { dataset: read.dataset, problems };
}

/** One line for a valid dataset: counts per level, stations, history rows. */
export function summarize(ds: Dataset): string {
  const levels = new Map<string, number>();
  for (const f of ds.regions.features)
    levels.set(f.properties.level, (levels.get(f.properties.level) ?? 0) + 1);
  const n = (level: string) => levels.get(level) ?? 0;
  return (
    `${ds.manifest.name} (${ds.manifest.districtCode}): ${n('district')} district, ` +
    `${n('street')} streets, ${n('community')} communities, ${n('grid')} grids, ` +
    `${ds.stations.features.length} stations, ${ds.history.length} history rows`
  );
}
