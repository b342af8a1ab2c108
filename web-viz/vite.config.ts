import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The viewer is served by navstack's bridge (packages/bridge) from web-viz/dist, or by any static server.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: { port: 5173 },
});
