// The console's front end: React built by Vite into dist/console-web (served by the console
// service), unit tests by Vitest beside the code (*.test.ts[x], pure logic and server rendering).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    // The one piece of the contracts the browser needs (the ATT&CK tactic list): a module with
    // no imports, so no validator code reaches the bundle.
    alias: {
      '@riskline/contracts/attack': fileURLToPath(
        new URL('../../../libs/contracts/src/attack.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/console-web', import.meta.url)),
    emptyOutDir: true,
    // Everything bundled; no inline scripts, so the page runs under script-src 'self'.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    // `vite --config apps/console/web/vite.config.ts` against a running console on :8085.
    proxy: { '/api': 'http://127.0.0.1:8085' },
  },
  test: {
    root,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // The JSON report is what `npm test` sums into its closing line, beside jest's.
    reporters: ['default', 'json'],
    outputFile: {
      json: fileURLToPath(
        new URL('../../../.riskline/test-results/console-web.vitest.json', import.meta.url),
      ),
    },
  },
});
