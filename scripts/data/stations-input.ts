// The district's own service stations (--stations): CSV with name, kind, lon, lat (and hours,
// optional) or GeoJSON points with the same properties. kind is a STATION_KINDS key or its
// Chinese name (党群服务中心 …). Each is placed in the community it lies in; one outside every
// community is reported and left out.
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import { parse } from 'csv-parse/sync';
import gcoord from 'gcoord';
import { STATION_KINDS, type StationKind } from '../../shared/protocol';
import { propertyOf, readFeatures, type Datum } from './inputs';
import { round6 } from './place';
import { HOURS, SUFFIX, type StationFeature } from './stations';
import type { Shape } from './tessellate';

interface Row {
  name: string;
  kind: string;
  lon: number;
  lat: number;
  hours?: string;
}

function kindOf(raw: string): StationKind | undefined {
  const k = raw.trim();
  if ((STATION_KINDS as readonly string[]).includes(k)) return k as StationKind;
  return STATION_KINDS.find((s) => k.includes(SUFFIX[s]) || SUFFIX[s].includes(k));
}

async function rowsOf(path: string, datum: Datum): Promise<Row[]> {
  if (/\.csv$/i.test(path)) {
    const records = parse<Record<string, string>>(readFileSync(path), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
    });
    return records.map((r) => {
      const [lon, lat] =
        datum === 'WGS84'
          ? [Number(r.lon), Number(r.lat)]
          : gcoord.transform<[number, number]>(
              [Number(r.lon), Number(r.lat)],
              datum === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09,
              gcoord.WGS84,
            );
      return {
        name: r.name ?? '',
        kind: r.kind ?? '',
        lon,
        lat,
        ...(r.hours ? { hours: r.hours } : {}),
      };
    });
  }
  return (await readFeatures(path, datum))
    .filter((f) => f.geometry?.type === 'Point')
    .map((f) => {
      const [lon, lat] = (f.geometry as { coordinates: number[] }).coordinates;
      const hours = propertyOf(f, ['hours']);
      return {
        name: propertyOf(f, ['name', '名称']) ?? '',
        kind: propertyOf(f, ['kind', '类型']) ?? '',
        lon: lon!,
        lat: lat!,
        ...(hours ? { hours } : {}),
      };
    });
}

export async function readStations(
  path: string,
  datum: Datum,
  communities: Map<string, Shape>,
): Promise<{ stations: StationFeature[]; report: string[] }> {
  const report: string[] = [];
  const counts = new Map<string, number>();
  const stations: StationFeature[] = [];
  (await rowsOf(path, datum)).forEach((r, i) => {
    const kind = kindOf(r.kind);
    const where = `${path} #${i + 1} ${r.name}`;
    if (!r.name || !kind || !Number.isFinite(r.lon) || !Number.isFinite(r.lat)) {
      report.push(`${where}: left out (needs name, kind of ${STATION_KINDS.join('/')}, lon, lat)`);
      return;
    }
    const p: [number, number] = [round6(r.lon), round6(r.lat)];
    const owner = [...communities.entries()].find(([, s]) => turf.booleanPointInPolygon(p, s));
    if (!owner) {
      report.push(`${where}: left out, [${p.join(', ')}] is in no community`);
      return;
    }
    const n = (counts.get(owner[0]) ?? 0) + 1;
    counts.set(owner[0], n);
    stations.push({
      type: 'Feature',
      properties: {
        id: `${owner[0]}-S${String(n).padStart(2, '0')}`,
        name: r.name,
        kind,
        regionId: owner[0],
        hours: r.hours ?? HOURS[kind],
      },
      geometry: { type: 'Point', coordinates: p },
    });
  });
  report.unshift(`stations: ${stations.length} placed from ${path}`);
  return { stations, report };
}
