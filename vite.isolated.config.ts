import { defineConfig } from 'vite';

// The isolated mode's two classic scripts, one build each (an IIFE has a single entry):
//   vite build -c vite.isolated.config.ts --mode host   → dist/imp-card.js (the script-tag embed)
//   vite build -c vite.isolated.config.ts --mode frame  → dist/imp-card-frame.js (runs in GET /frame)
// Run after the main build, which empties dist/ and writes imp-card-inline.js and imp-card.mjs.
export default defineConfig(({ mode }) => ({
  build: {
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    emptyOutDir: false,
    lib: {
      entry: `widget/isolated/${mode === 'frame' ? 'frame' : 'script'}-entry.ts`,
      name: mode === 'frame' ? 'ImpCardFrame' : 'ImpCardHost',
      formats: ['iife'],
      fileName: () => (mode === 'frame' ? 'imp-card-frame.js' : 'imp-card.js'),
    },
  },
}));
