// shpjs 6 ships no types: the one call the builder makes (parts of one layer, already unzipped).
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  export default function shp(parts: {
    shp: Uint8Array;
    dbf?: Uint8Array;
    prj?: string;
    cpg?: string;
  }): Promise<FeatureCollection>;
}
