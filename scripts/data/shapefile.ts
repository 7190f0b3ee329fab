// Zipped Shapefiles from a district's grid system. shpjs reads the geometry and reprojects it
// from the .prj (CGCS2000 Gauss–Krüger and the like) to WGS84, but it ignores a .cpg that says
// CP936 / 936 / ANSI 936 (what GDAL and ArcGIS write for GBK) and garbles every Chinese name:
// so the zip is opened here (fflate), the code page mapped to a label TextDecoder knows, and the
// parts handed to shpjs one by one. A .dbf without .cpg is read as UTF-8 if it decodes as such,
// else as GBK (the Chinese-locale default).
import { bbox } from '@turf/turf';
import { unzipSync } from 'fflate';
import type { Feature, Geometry } from 'geojson';

type Features = Array<Feature<Geometry, Record<string, unknown>>>;

/** A .cpg's code page as a TextDecoder label. */
export function codePageLabel(cpg: string): string {
  const c = cpg.trim().toLowerCase();
  if (/^(cp|ansi[ _]?|windows-?)?936$|^gbk$|^gb2312$|^gb18030$/.test(c)) return 'gbk';
  if (/^(cp|ansi[ _]?)?65001$|^utf-?8$/.test(c)) return 'utf-8';
  return c;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export async function readShapefileZip(bytes: Uint8Array, path: string): Promise<Features> {
  const files = unzipSync(new Uint8Array(bytes));
  const names = Object.keys(files).filter((n) => !n.startsWith('__MACOSX/'));
  const shps = names.filter((n) => /\.shp$/i.test(n));
  if (shps.length !== 1)
    throw new Error(`${path}: a zip with exactly one .shp is needed (found ${shps.length})`);
  const base = shps[0]!.slice(0, -4);
  const part = (ext: string) => {
    const name = names.find((n) => n.toLowerCase() === `${base}.${ext}`.toLowerCase());
    return name ? files[name] : undefined;
  };
  const shp = part('shp')!;
  const dbf = part('dbf');
  const prj = part('prj');
  const cpgBytes = part('cpg');
  const text = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);
  const cpg = cpgBytes ? codePageLabel(text(cpgBytes)) : dbf && !isUtf8(dbf) ? 'gbk' : 'utf-8';
  const { default: shpjs } = await import('shpjs');
  const fc = await shpjs({ shp, dbf, prj: prj ? text(prj) : undefined, cpg });
  // shpjs drops a .prj it cannot read and returns the projected metres as they are.
  const box = fc.features.length ? bbox(fc) : [0, 0, 0, 0];
  if (box.some((v, i) => Math.abs(v) > (i % 2 ? 90 : 180)))
    throw new Error(
      `${path}: coordinates are not longitude/latitude (${prj ? 'the .prj could not be read' : 'no .prj in the zip'})`,
    );
  return fc.features as Features;
}
