import { defineConfig } from 'vite';

// The React renderer: served by `npm run web` (loopback HTTP) and loaded by Electron from renderer/dist.
// base './' so the same build works under http://127.0.0.1 and the app:// protocol.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
