import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in src/web and is built into dist/web, which `pointwise serve` serves at `/`.
// In development (`npx vite`), API calls go to a Pointwise server on port 4100.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle of about 500 kB (155 kB gzipped): React, the router, TanStack and the pages.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:4100' } },
});
