// A test-only writer of small zipped Shapefiles (polygons only), as a district's grid system
// exports them: projected coordinates (CGCS2000 / 3-degree Gauss–Krüger CM 105E, EPSG:4544), a
// GBK attribute table and a .cpg that says CP936 — the case shpjs gets wrong on its own.
// Format: ESRI Shapefile Technical Description (1998) and dBASE III.
import { zipSync } from 'fflate';

/** ESRI WKT of EPSG:4544 as GDAL/ArcGIS write it to a .prj. */
export const PRJ_CGCS2000_GK_105E =
  'PROJCS["CGCS2000_3_Degree_GK_CM_105E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",' +
  'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],' +
  'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** Transverse Mercator forward (Snyder 1987, eq. 8-9…8-10) on CGCS2000, CM 105E, FE 500 km. */
export function gaussKruger105([lon, lat]: number[]): [number, number] {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const ep2 = e2 / (1 - e2);
  const phi = (lat! * Math.PI) / 180;
  const dl = ((lon! - 105) * Math.PI) / 180;
  const [s, c, t] = [Math.sin(phi), Math.cos(phi), Math.tan(phi)];
  const N = a / Math.sqrt(1 - e2 * s * s);
  const T = t * t;
  const C = ep2 * c * c;
  const A = dl * c;
  const e4 = e2 * e2;
  const e6 = e4 * e2;
  const M =
    a *
    ((1 - e2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi -
      ((3 * e2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi) +
      ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi) -
      ((35 * e6) / 3072) * Math.sin(6 * phi));
  const x =
    N *
    (A + ((1 - T + C) * A ** 3) / 6 + ((5 - 18 * T + T * T + 72 * C - 58 * ep2) * A ** 5) / 120);
  const y =
    M +
    N *
      t *
      ((A * A) / 2 +
        ((5 - T + 9 * C + 4 * C * C) * A ** 4) / 24 +
        ((61 - 58 * T + T * T + 600 * C - 330 * ep2) * A ** 6) / 720);
  return [500_000 + x, y];
}

let gbkTable: Map<string, number[]> | undefined;

/** GBK bytes of a string (Node decodes GBK but does not encode it: invert the decoder). */
export function gbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi++)
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [hi, lo]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

export interface ShapeRecord {
  /** Rings in projected metres, closed; outer rings are written clockwise as the format wants. */
  rings: number[][][];
  attributes: Record<string, string>;
}

function signedArea(ring: number[][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

function header(view: DataView, words: number, box: number[]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, words, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, 5, true); // polygon
  box.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

function bboxOf(points: number[][]): number[] {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function shpAndShx(records: ShapeRecord[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = records.map((r) => {
    // Outer ring clockwise (negative signed area in x-east, y-north), holes counter-clockwise.
    const rings = r.rings.map((ring, i) => {
      const cw = signedArea(ring) < 0;
      return (i === 0) === cw ? ring : [...ring].reverse();
    });
    const points = rings.flat();
    const bytes = new ArrayBuffer(44 + 4 * rings.length + 16 * points.length);
    const v = new DataView(bytes);
    v.setInt32(0, 5, true);
    bboxOf(points).forEach((x, i) => v.setFloat64(4 + 8 * i, x, true));
    v.setInt32(36, rings.length, true);
    v.setInt32(40, points.length, true);
    let start = 0;
    rings.forEach((ring, i) => {
      v.setInt32(44 + 4 * i, start, true);
      start += ring.length;
    });
    const base = 44 + 4 * rings.length;
    points.forEach((p, i) => {
      v.setFloat64(base + 16 * i, p[0]!, true);
      v.setFloat64(base + 16 * i + 8, p[1]!, true);
    });
    return new Uint8Array(bytes);
  });
  const box = bboxOf(records.flatMap((r) => r.rings.flat()));
  const shpLength = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * contents.length);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  header(sv, shpLength / 2, box);
  header(xv, shx.length / 2, box);
  let offset = 100;
  contents.forEach((c, i) => {
    sv.setInt32(offset, i + 1, false);
    sv.setInt32(offset + 4, c.length / 2, false);
    shp.set(c, offset + 8);
    xv.setInt32(100 + 8 * i, offset / 2, false);
    xv.setInt32(104 + 8 * i, c.length / 2, false);
    offset += 8 + c.length;
  });
  return { shp, shx };
}

/** dBASE III table of character fields, values encoded by `encode` (GBK here). */
function dbf(records: ShapeRecord[], encode: (s: string) => Uint8Array): Uint8Array {
  const fields = Object.keys(records[0]?.attributes ?? {});
  const encoded = records.map((r) => fields.map((f) => encode(r.attributes[f] ?? '')));
  const widths = fields.map((_, i) => Math.max(1, ...encoded.map((e) => e[i]!.length)));
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(headerLength + recordLength * records.length + 1).fill(0);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out.set([126, 11, 27], 1); // 2026-11-27
  v.setUint32(4, records.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  out[29] = 0x4d; // language driver: GBK (CP936)
  fields.forEach((name, i) => {
    const at = 32 + 32 * i;
    out.set(new TextEncoder().encode(name.slice(0, 10)), at);
    out[at + 11] = 'C'.charCodeAt(0);
    out[at + 16] = widths[i]!;
  });
  out[headerLength - 1] = 0x0d;
  encoded.forEach((values, r) => {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20; // not deleted
    values.forEach((bytes, i) => {
      out.fill(0x20, at, at + widths[i]!);
      out.set(bytes, at);
      at += widths[i]!;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A zip holding name.shp/.shx/.dbf/.prj/.cpg: GBK attributes, `cpg` as the exporting tool wrote it. */
export function shapefileZip(name: string, records: ShapeRecord[], cpg = 'CP936'): Uint8Array {
  const { shp, shx } = shpAndShx(records);
  const text = (s: string) => new TextEncoder().encode(s);
  return zipSync({
    [`${name}.shp`]: shp,
    [`${name}.shx`]: shx,
    [`${name}.dbf`]: dbf(records, gbk),
    [`${name}.prj`]: text(PRJ_CGCS2000_GK_105E),
    [`${name}.cpg`]: text(cpg),
  });
}
