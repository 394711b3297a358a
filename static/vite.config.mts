// One config for every Custom UI app; the app folder is the root given on the command line.
// Each builds into <app>/build, the folder manifest.yml's resource names. Relative asset URLs
// (base './') because Forge serves each resource from its own path. The plugins keep the page
// within Forge's Custom UI Content-Security-Policy (no inline styles): see each one's comment.
import { defineConfig } from 'vite';
import { themeStylesheet } from './vite-plugins/theme-stylesheet.mts';
import { cspScrollLock } from './vite-plugins/csp-scroll-lock.mts';

export default defineConfig({
  base: './',
  logLevel: 'warn',
  plugins: [themeStylesheet(), cspScrollLock()],
  build: { outDir: 'build', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
});
