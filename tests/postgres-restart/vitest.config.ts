// The PostgreSQL restart test stops the machine's PostgreSQL: it runs alone, after every other
// test (`npm test` runs this config last), so that no other test loses its database midway.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^@andon\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` },
      { find: /^@andon\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}$1/src/$2/index.ts` },
    ],
  },
  test: {
    include: ['tests/postgres-restart/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
})
