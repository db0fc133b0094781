import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

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
    include: ['*/src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
