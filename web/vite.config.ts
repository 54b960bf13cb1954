import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Everything is bundled (no CDN, no remote fonts): the app must work on an offline clinical network.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
