// Reading the user's files: region boundaries and stations as GeoJSON or zipped Shapefile, in
// WGS84, GCJ-02 or BD-09 (declared with --datum), brought to WGS84 with gcoord. A Shapefile
// carries its own CRS in its .prj and is reprojected to WGS84 by shpjs (shapefile.ts); --datum
// then says which datum that lon/lat is in (a .prj cannot say GCJ-02).
import { readFileSync } from 'node:fs';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export const DATUMS = ['WGS84', 'GCJ02', 'BD09'] as const;
export type Datum = (typeof DATUMS)[number];

export type InputFeature = Feature<Geometry, Record<string, unknown>>;

function asFeatures(json: unknown, path: string): InputFeature[] {
  const j = json as { type?: string };
  if (j.type === 'FeatureCollection') return (json as FeatureCollection).features as InputFeature[];
  if (j.type === 'Feature') return [json as InputFeature];
  if (typeof j.type === 'string')
    return [{ type: 'Feature', properties: {}, geometry: json as Geometry }];
  throw new Error(`${path}: not GeoJSON (no FeatureCollection, Feature or geometry)`);
}

/** Features of a .geojson/.json file or a zipped Shapefile (.zip), in WGS84 lon/lat. */
export async function readFeatures(path: string, datum: Datum): Promise<InputFeature[]> {
  const bytes = readFileSync(path);
  const features = /\.zip$/i.test(path)
    ? await (await import('./shapefile')).readShapefileZip(bytes, path)
    : asFeatures(JSON.parse(new TextDecoder('utf-8').decode(bytes)), path);
  if (datum === 'WGS84') return features;
  const from = datum === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
  type Input = Parameters<typeof gcoord.transform>[0];
  return features.map((f) => gcoord.transform(f as Input, from, gcoord.WGS84) as InputFeature);
}

/** A string property value, the first of `keys` present (case-insensitive). */
export function propertyOf(f: InputFeature, keys: readonly string[]): string | undefined {
  const props = f.properties ?? {};
  for (const key of keys) {
    const hit = Object.keys(props).find((k) => k.toLowerCase() === key.toLowerCase());
    const v = hit === undefined ? undefined : props[hit];
    if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v).trim();
  }
  return undefined;
}
