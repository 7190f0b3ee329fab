// npm run data:generate — builds data/jinniu from the two public sources (installed on demand).
// Reproducible byte for byte: every random choice comes from a seeded PRNG, no clock is read.
import { mkdirSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { DatasetManifest } from '../../server/dataset/types';
import { buildFigures, FIGURES_COLUMNS } from './figures';
import { buildHistory, HISTORY_COLUMNS } from './history';
import { round6 } from './place';
import { buildRegions, roundGeometry } from './regions';
import { ensureSources, readCityAreas, readStreets } from './sources';
import { buildStations } from './stations';
import { writeCollection, writeCsv, writeJson } from './write';

const OUT = process.argv[2] ?? 'data/jinniu';
const DISTRICT = '510106';
const SEED = 20240106;
/** Fixed so the output does not depend on the day it is generated; the server shifts it. */
const HISTORY_ENDS_ON = '2026-11-20';
const HISTORY_DAYS = 91;

function main(): void {
  const modules = ensureSources();
  const streets = readStreets(modules, DISTRICT);
  const areas = readCityAreas(modules);
  const district = areas.find((a) => a.properties.code === DISTRICT);
  if (!district) throw new Error(`district ${DISTRICT} not in the city outlines`);
  const name = district.properties.name;
  mkdirSync(OUT, { recursive: true });

  const regions = buildRegions(DISTRICT, name, district, streets, SEED);
  writeCollection(OUT, 'regions.geojson', regions.features);

  const stations = buildStations(streets, regions.shapes, SEED + 1);
  writeCollection(OUT, 'stations.geojson', stations);

  const figures = buildFigures(regions.households, SEED + 2);
  writeCsv(
    OUT,
    'figures.csv',
    FIGURES_COLUMNS,
    figures.map((f) => FIGURES_COLUMNS.map((c) => f[c])),
  );

  const grids = [...regions.households.entries()].map(([id, households]) => ({
    id,
    households,
    shape: regions.shapes.get(id)!,
  }));
  const history = buildHistory({
    endsOn: HISTORY_ENDS_ON,
    days: HISTORY_DAYS,
    perDay: 165,
    grids,
    seed: SEED + 3,
  });
  writeCsv(
    OUT,
    'history.csv',
    HISTORY_COLUMNS,
    history.map((p) =>
      HISTORY_COLUMNS.map((c) =>
        c === 'lon' ? p.position[0].toFixed(6) : c === 'lat' ? p.position[1].toFixed(6) : p[c],
      ),
    ),
  );

  const context = areas
    .filter((a) => a.properties.code !== DISTRICT)
    .map((a) => ({
      type: 'Feature',
      properties: { name: a.properties.name },
      geometry: roundGeometry(turf.simplify(a, { tolerance: 0.0005, highQuality: true })),
    }));
  writeCollection(OUT, 'context.geojson', context);

  const manifest: DatasetManifest = {
    id: 'jinniu',
    name,
    nameEn: 'Jinniu District, Chengdu',
    districtCode: DISTRICT,
    datum: 'WGS84',
    bbox: turf.bbox(district).map(round6) as DatasetManifest['bbox'],
    historyEndsOn: HISTORY_ENDS_ON,
    shiftHistoryToNow: true,
  };
  writeJson(OUT, 'manifest.json', manifest);

  const hh = figures.reduce((s, f) => s + f.households, 0);
  const pop = figures.reduce((s, f) => s + f.population, 0);
  console.log(
    `${OUT}: ${streets.length} streets, ${streets.reduce((s, x) => s + x.communities.length, 0)} communities, ` +
      `${figures.length} grids, ${stations.length} stations, ${history.length} history rows, ` +
      `${hh} households, ${pop} people`,
  );
}

main();
