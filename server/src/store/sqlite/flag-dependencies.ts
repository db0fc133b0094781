/**
 * Which flags depend on which: the checks that keep archiving a flag or hiding it from client
 * keys from breaking the flags that require it.
 */
import { sql } from 'drizzle-orm'
import { dependentNames } from '../common/write-checks.js'
import type { Ctx } from './context.js'

/**
 * Live flags of any environment that name `key` as a prerequisite (only client-side ones if
 * asked): archiving the flag would break them, and so would hiding it from client keys.
 */
export function dependents(
  ctx: Ctx,
  key: string,
  which: { clientSideOnly?: boolean; variationAtLeast?: number } = {},
): string[] {
  const rows = ctx.db.all<{ key: string; env: string; clientSide: number; variation: number }>(sql`
    select f.key as key, e.key as env, f.client_side as clientSide,
      json_extract(p.value, '$.variation') as variation
    from flag_configs c
    join flags f on f.id = c.flag_id and f.archived_at is null
    join environments e on e.id = c.environment_id,
    json_each(c.config, '$.prerequisites') p
    where json_extract(p.value, '$.key') = ${key}`)
  return dependentNames(
    rows.map((r) => ({ ...r, clientSide: r.clientSide === 1 })),
    which,
  )
}

/** Prerequisites of the flag, in any environment, that client keys can not see. */
export function hiddenPrerequisites(ctx: Ctx, flagId: number): string[] {
  const rows = ctx.db.all<{ key: string; env: string }>(sql`
    select distinct json_extract(p.value, '$.key') as key, e.key as env
    from flag_configs c
    join environments e on e.id = c.environment_id,
    json_each(c.config, '$.prerequisites') p
    join flags f on f.key = json_extract(p.value, '$.key')
    where c.flag_id = ${flagId} and f.client_side = 0`)
  return rows.map((r) => `${r.key} (${r.env})`)
}
