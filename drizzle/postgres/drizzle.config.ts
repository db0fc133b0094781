// drizzle-kit settings for PostgreSQL: `npx drizzle-kit generate --config
// drizzle/postgres/drizzle.config.ts` from the repository root writes the SQL migrations of
// `schema.ts` into this folder.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './drizzle/postgres/schema.ts',
  out: './drizzle/postgres',
})
