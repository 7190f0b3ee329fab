// Reads a district dataset directory (format: data/README.md) into the Dataset the server works
// with. Parsing only: geometry, references and values are judged by check.ts. readDataset() keeps
// going past a broken file (an empty stand-in, plus a problem) so the checker can report
// everything in one run; loadDataset() throws on the first file it cannot parse.
import { formatProblem } from './problem';
import { Reader, type CsvLines } from './read-files';
import type {
  Dataset,
  DatasetManifest,
  DatasetProblem,
  GridFigures,
  HistoricalProblem,
} from './types';

export type { CsvLines };

export const FIGURES_COLUMNS = [
  'gridId',
  'households',
  'population',
  'gridMembers',
  'volunteers',
  'partyMembers',
] as const;

export const HISTORY_COLUMNS = [
  'id',
  'category',
  'source',
  'gridId',
  'lon',
  'lat',
  'reportedAt',
  'calledAt',
  'respondedAt',
  'tier',
  'handledAt',
  'closedAt',
  'dueAt',
  'rating',
  'ratedAt',
] as const;

export interface DatasetRead {
  dataset: Dataset;
  /** Files missing or unparseable, bytes that are not UTF-8, CSV header and field-count faults. */
  problems: DatasetProblem[];
  lines: CsvLines;
}

const orNull = (s: string | undefined): string | null => (s ? s : null);
/** An empty cell is NaN, not 0, so a missing figure is reported rather than read as zero. */
const num = (s: string | undefined): number =>
  s === undefined || s.trim() === '' ? NaN : Number(s);

function toFigures(row: Record<string, string>): GridFigures {
  return {
    gridId: row.gridId ?? '',
    households: num(row.households),
    population: num(row.population),
    gridMembers: num(row.gridMembers),
    volunteers: num(row.volunteers),
    partyMembers: num(row.partyMembers),
  };
}

// Enum columns are taken as written here; check.ts is where an unknown value gets reported.
function toProblem(row: Record<string, string>): HistoricalProblem {
  return {
    id: row.id ?? '',
    category: row.category as HistoricalProblem['category'],
    source: row.source as HistoricalProblem['source'],
    gridId: row.gridId ?? '',
    position: [num(row.lon), num(row.lat)],
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

const emptyCollection = () => ({ type: 'FeatureCollection' as const, features: [] });

async function read(dir: string): Promise<{ reader: Reader; dataset: Dataset; lines: CsvLines }> {
  const reader = new Reader(dir);
  const [manifest, regions, context, stations, figures, history] = await Promise.all([
    reader.json<DatasetManifest>('manifest.json', {} as DatasetManifest),
    reader.json<Dataset['regions']>('regions.geojson', emptyCollection()),
    reader.json<Dataset['context']>('context.geojson', emptyCollection()),
    reader.json<Dataset['stations']>('stations.geojson', emptyCollection()),
    reader.csv('figures.csv', FIGURES_COLUMNS),
    reader.csv('history.csv', HISTORY_COLUMNS),
  ]);
  const dataset: Dataset = {
    dir,
    manifest,
    regions,
    context,
    stations,
    figures: figures.rows.map(toFigures),
    history: history.rows.map(toProblem),
  };
  return { reader, dataset, lines: { figures: figures.lines, history: history.lines } };
}

/** Reads everything that can be read and reports what could not; never throws on bad content. */
export async function readDataset(dir: string): Promise<DatasetRead> {
  const { reader, dataset, lines } = await read(dir);
  return { dataset, problems: [...reader.unreadable, ...reader.problems], lines };
}

/** The dataset as parsed, unchecked; throws when a file is missing or cannot be parsed.
 * @internal (tests read fixtures with it; the server checks with readDataset) */
export async function loadDataset(dir: string): Promise<Dataset> {
  const { reader, dataset } = await read(dir);
  if (reader.unreadable.length) throw new Error(reader.unreadable.map(formatProblem).join('\n'));
  return dataset;
}
