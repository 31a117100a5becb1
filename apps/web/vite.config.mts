import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// `nx run web:serve` talks to an API started with `npm start` (port 3000 unless PORT says otherwise).
const api = process.env.CONSOLE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    // The API serves these files with a long cache for hashed assets: names change with their content.
    assetsDir: 'assets',
  },
  server: { proxy: { '/api': api, '/health': api, '/metrics': api } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    restoreMocks: true,
    setupFiles: ['src/test-setup.ts'],
  },
});
