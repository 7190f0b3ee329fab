// Reads a district dataset directory (format: data/README.md) into the Dataset the server works
// with. Parsing only: validation of geometry and references belongs to check.ts (not yet written).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Dataset, DatasetManifest, GridFigures, HistoricalProblem } from './types';

async function readJson<T>(dir: string, file: string): Promise<T> {
  const text = await readFile(join(dir, file), 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

async function readCsv(dir: string, file: string): Promise<Record<string, string>[]> {
  const text = await readFile(join(dir, file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
}

const orNull = (s: string | undefined): string | null => (s ? s : null);

function toFigures(row: Record<string, string>): GridFigures {
  return {
    gridId: row.gridId ?? '',
    households: Number(row.households),
    population: Number(row.population),
    gridMembers: Number(row.gridMembers),
    volunteers: Number(row.volunteers),
    partyMembers: Number(row.partyMembers),
  };
}

// Enum columns are taken as written here; check.ts is where an unknown value gets reported.
function toProblem(row: Record<string, string>): HistoricalProblem {
  return {
    id: row.id ?? '',
    category: row.category as HistoricalProblem['category'],
    source: row.source as HistoricalProblem['source'],
    gridId: row.gridId ?? '',
    position: [Number(row.lon), Number(row.lat)],
    reportedAt: row.reportedAt ?? '',
    calledAt: orNull(row.calledAt),
    respondedAt: orNull(row.respondedAt),
    tier: orNull(row.tier) as HistoricalProblem['tier'],
    handledAt: orNull(row.handledAt),
    closedAt: orNull(row.closedAt),
    dueAt: row.dueAt ?? '',
    rating: orNull(row.rating) as HistoricalProblem['rating'],
    ratedAt: orNull(row.ratedAt),
  };
}

export async function loadDataset(dir: string): Promise<Dataset> {
  const [manifest, regions, context, stations, figures, history] = await Promise.all([
    readJson<DatasetManifest>(dir, 'manifest.json'),
    readJson<Dataset['regions']>(dir, 'regions.geojson'),
    readJson<Dataset['context']>(dir, 'context.geojson'),
    readJson<Dataset['stations']>(dir, 'stations.geojson'),
    readCsv(dir, 'figures.csv'),
    readCsv(dir, 'history.csv'),
  ]);
  return {
    dir,
    manifest,
    regions,
    context,
    stations,
    figures: figures.map(toFigures),
    history: history.map(toProblem),
  };
}
