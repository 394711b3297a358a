// One config for every Custom UI app; the app folder is the root given on the command line.
// Each builds into <app>/build, the folder manifest.yml's resource names. Relative asset URLs
// (base './') because Forge serves each resource from its own path.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  logLevel: 'warn',
  build: { outDir: 'build', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
});
