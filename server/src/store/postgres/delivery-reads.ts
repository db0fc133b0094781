/**
 * The audit entries the delivery metrics are computed from (the `/metrics` endpoint and the
 * insights API use them): the environment's configuration changes and switch-offs since a
 * time, after every flag's creation.
 */
import { and, asc, eq, gte, inArray } from 'drizzle-orm'
import type { AuditEntry } from '@andon/core'
import { creationEntry, DELIVERY_ACTIONS } from '../common/delivery-entries.js'
import { toAuditEntry } from '../common/rows.js'
import { schema } from './context.js'
import { envRow, type PgReader } from './rows.js'

export async function deliveryEntries(
  r: PgReader,
  environment: string,
  since: number,
): Promise<AuditEntry[]> {
  await envRow(r, environment)
  const flags = await r.db
    .select({ key: schema.flags.key, at: schema.flags.createdAt })
    .from(schema.flags)
    .orderBy(asc(schema.flags.id))
  const a = schema.auditLog
  const changes = await r.db
    .select()
    .from(a)
    .where(
      and(eq(a.environmentKey, environment), gte(a.at, since), inArray(a.action, DELIVERY_ACTIONS)),
    )
    .orderBy(asc(a.id))
  // deliveryMetrics orders by id: creations first, as they came before any change.
  return [...flags.map(creationEntry), ...changes.map(toAuditEntry)]
}
