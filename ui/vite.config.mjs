// The web UI's build: `npm run build:ui` writes ui/dist, which the API serves (api/src/app.ts).
// For development, `npx vite --config ui/vite.config.mjs` proxies /api to a product on :3000.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // No files from a public/ folder: the favicon is inline, so a fresh build needs nothing else.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The task form (form-js with FEEL, markdown and a date picker) is one lazily loaded chunk of
    // about 0.5 MB that only staff opening a task download.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
