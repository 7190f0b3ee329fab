// maplibre-gl 6 cannot find its worker once bundled ("Worker failed to load"): point it at the
// worker file Vite emits next to the bundle (served by our own server; no CDN). Importing the
// module here, once, and handing it to react-map-gl as `mapLib` keeps that setting on the same
// module instance the map is created from.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
