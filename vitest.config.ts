import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * The store's contract: tests of the server through its store (routes, the store's own tests),
 * which the `postgres` project runs again on PostgreSQL (`ANDON_TEST_STORE=postgres`), so that
 * both stores are held to the same behaviour. Only the SQLite-specific tests stay out.
 */
const storeContract = [
  'server/src/app.test.ts',
  'server/src/routes/*.test.ts',
  'server/src/store/*.test.ts',
  'server/src/auth/authenticate.test.ts',
  'server/src/ofrep/*.test.ts',
]
const sqliteOnly = ['server/src/routes/evaluate.vectors.test.ts']

// Tests import workspace packages from their sources, so no build is needed between edits:
// `@andon/x` is `x/src/index.ts` and `@andon/x/y` is `x/src/y/index.ts`.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@andon\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` },
      { find: /^@andon\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}$1/src/$2/index.ts` },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['server/src/testing/close-harnesses.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['*/src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          // Stops PostgreSQL: run alone, last (tests/postgres-restart/vitest.config.ts).
          exclude: ['**/node_modules/**', '**/dist/**', 'tests/postgres-restart/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: storeContract,
          exclude: ['**/node_modules/**', '**/dist/**', ...sqliteOnly],
          env: { ANDON_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
})
