import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The client lives in client/, is built into dist/client and served by the Fastify process.
export default defineConfig({
  root: here('./client'),
  publicDir: here('./public'),
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@shared': here('./server') } },
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
