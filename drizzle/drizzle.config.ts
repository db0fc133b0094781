// drizzle-kit settings: `npx drizzle-kit generate --config drizzle/drizzle.config.ts` from the
// repository root writes the SQL migrations of `schema.ts` into this folder.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './drizzle/schema.ts',
  out: './drizzle',
})
