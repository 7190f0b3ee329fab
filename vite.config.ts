import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const nm = (pkgs: string) => new RegExp(`[\\\\/]node_modules[\\\\/](${pkgs})[\\\\/]`);
/** Vendor chunks: maplibre, deck.gl with its luma/loaders/math stack, ECharts, React. */
const VENDOR_GROUPS: Array<[string, RegExp]> = [
  ['maplibre', nm('maplibre-gl|@maplibre')],
  [
    'deckgl',
    nm('@deck\\.gl|@luma\\.gl|@loaders\\.gl|@math\\.gl|@probe\\.gl|math\\.gl|mjolnir\\.js'),
  ],
  ['echarts', nm('echarts|echarts-for-react|zrender')],
  ['react', nm('react|react-dom|scheduler')],
];

// The client lives in client/, is built into dist/client and served by the Fastify process.
export default defineConfig({
  root: here('./client'),
  publicDir: here('./public'),
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@shared': here('./shared') } },
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    // The biggest single library (maplibre-gl, ≈ 1.1 MB) is one chunk that cannot be split
    // further; anything larger than that means a vendor group stopped matching.
    chunkSizeWarningLimit: 1300,
    sourcemap: false,
    rolldownOptions: {
      // Two pages from one bundle: the wall (index.html) and the admin console (admin.html).
      input: { main: here('./client/index.html'), admin: here('./client/admin.html') },
      output: {
        // One chunk per big vendor, so a rebuild of our code leaves the (immutable, long-cached)
        // vendor files alone and no file is a 2.8 MB monolith. All are local files: offline works.
        codeSplitting: {
          // React first: otherwise deck.gl's group takes it along as a dependency of
          // @deck.gl/react, and the admin page (no map) would load all of deck.gl for React.
          groups: VENDOR_GROUPS.map(([name, test]) => ({
            name,
            test,
            priority: name === 'react' ? 1 : 0,
          })),
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
