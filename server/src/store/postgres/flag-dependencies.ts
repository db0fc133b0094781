/**
 * Which flags depend on which: the checks that keep archiving a flag or hiding it from client
 * keys from breaking the flags that require it. Configs are JSON text, read here as jsonb.
 */
import { sql } from 'drizzle-orm'
import { dependentNames, type DependentRow } from '../common/write-checks.js'
import type { PgReader } from './rows.js'

const prerequisitesOf = sql`jsonb_array_elements(
  coalesce(c.config::jsonb -> 'prerequisites', '[]'::jsonb)) with ordinality p(value, n)`

/**
 * Live flags of any environment that name `key` as a prerequisite (only client-side ones if
 * asked): archiving the flag would break them, and so would hiding it from client keys.
 */
export async function dependents(
  r: PgReader,
  key: string,
  which: { clientSideOnly?: boolean; variationAtLeast?: number } = {},
): Promise<string[]> {
  const rows = await r.db.execute<DependentRow & Record<string, unknown>>(sql`
    select f.key as key, e.key as env, f.client_side as "clientSide",
      (p.value ->> 'variation')::int as variation
    from flag_configs c
    join flags f on f.id = c.flag_id and f.archived_at is null
    join environments e on e.id = c.environment_id
    cross join lateral ${prerequisitesOf}
    where p.value ->> 'key' = ${key}
    order by e.id, f.id, p.n`)
  return dependentNames(rows.rows, which)
}

/** Prerequisites of the flag, in any environment, that client keys can not see. */
export async function hiddenPrerequisites(r: PgReader, flagId: number): Promise<string[]> {
  const rows = await r.db.execute<{ key: string; env: string }>(sql`
    select distinct p.value ->> 'key' as key, e.key as env, e.id, p.n
    from flag_configs c
    join environments e on e.id = c.environment_id
    cross join lateral ${prerequisitesOf}
    join flags f on f.key = p.value ->> 'key'
    where c.flag_id = ${flagId} and f.client_side = false
    order by e.id, p.n`)
  return [...new Set(rows.rows.map((r) => `${r.key} (${r.env})`))]
}
