/**
 * What client-key connections may see of an environment: flags marked `clientSide`, and the
 * segments that those flags name in `segmentMatch` clauses. Nothing else leaves the server.
 */
import { and, eq, isNull, like, ne } from 'drizzle-orm'
import type { FlagConfig, Segment } from '@andon/core'
import { segmentCandidates, segmentsOfConfigs, type FlagWas } from '../common/change-events.js'
import { toSegment, toSegmentInfo } from '../common/rows.js'
import { schema } from './context.js'
import { liveSegmentRow, type PgReader } from './rows.js'

/** Segments used by the environment's client-side flags, leaving out one flag if given. */
export async function clientSegments(
  r: PgReader,
  envId: number,
  exceptFlagId?: number,
): Promise<Set<string>> {
  const rows = await r.db
    .select({ config: schema.flagConfigs.config })
    .from(schema.flagConfigs)
    .innerJoin(schema.flags, eq(schema.flags.id, schema.flagConfigs.flagId))
    .where(
      and(
        eq(schema.flagConfigs.environmentId, envId),
        eq(schema.flags.clientSide, true),
        isNull(schema.flags.archivedAt),
        like(schema.flagConfigs.config, '%segmentMatch%'),
        exceptFlagId === undefined ? undefined : ne(schema.flags.id, exceptFlagId),
      ),
    )
  return segmentsOfConfigs(rows.map((row) => row.config))
}

/**
 * The segments a client-side flag change newly shows to clients: those its new rules use that
 * neither its old rules nor another client-side flag already did. They are sent before the flag.
 */
export async function newlyVisibleSegments(
  r: PgReader,
  envId: number,
  flagId: number,
  was: FlagWas,
  after: FlagConfig,
): Promise<Segment[]> {
  const candidates = segmentCandidates(was, after)
  if (candidates.length === 0) return []
  const shown = await clientSegments(r, envId, flagId)
  const segments: Segment[] = []
  for (const key of candidates) {
    if (shown.has(key)) continue
    const row = await liveSegmentRow(r, envId, key)
    if (row !== undefined) segments.push(toSegment(toSegmentInfo(row)))
  }
  return segments
}
