/**
 * An environment's payloads (what server keys and client keys see) from its rows, and the
 * changes since a version from its change log: the reads SDKs and the stream depend on.
 */
import type { Flag, FlagConfig, JsonValue, Payload, Segment } from '@andon/core'
import type { Change, ChangeEvent } from '../store.js'
import { segmentsUsedBy } from '../flag-checks.js'
import { toFlag, toSegment, toSegmentInfo, type SegmentRow } from './rows.js'

export interface EnvFlagRow {
  key: string
  variations: string
  clientSide: boolean
  version: number
  config: string
}

export function buildPayloads(
  env: { key: string; version: number },
  rows: EnvFlagRow[],
  segmentRows: SegmentRow[],
): { server: Payload; client: Payload } {
  const flags: Record<string, Flag> = {}
  const clientFlags: Record<string, Flag> = {}
  const used = new Set<string>()
  for (const row of rows) {
    const config = JSON.parse(row.config) as FlagConfig
    const flag = toFlag(row.key, JSON.parse(row.variations) as JsonValue[], row.version, config)
    flags[row.key] = flag
    if (row.clientSide) {
      clientFlags[row.key] = flag
      for (const key of segmentsUsedBy(config.rules)) used.add(key)
    }
  }
  const segments: Record<string, Segment> = {}
  const clientSegments: Record<string, Segment> = {}
  for (const row of segmentRows) {
    const segment = toSegment(toSegmentInfo(row))
    segments[row.key] = segment
    if (used.has(row.key)) clientSegments[row.key] = segment
  }
  const head = { schemaVersion: 1 as const, environment: env.key, version: env.version }
  return {
    server: { ...head, flags, segments },
    client: { ...head, flags: clientFlags, segments: clientSegments },
  }
}

/**
 * The changes after `version` from the log rows after it (in order), or undefined when the
 * log no longer holds them all. The log is contiguous: it holds them all exactly when it
 * starts right after `version`.
 */
export function changesFromLog(
  env: { id: number; key: string; version: number },
  version: number,
  rows: { version: number; events: string }[],
): Change[] | undefined {
  if (rows[0]?.version !== version + 1 || rows.length !== env.version - version) return undefined
  return rows.map((r) => ({
    environmentId: env.id,
    environment: env.key,
    version: r.version,
    events: JSON.parse(r.events) as ChangeEvent[],
  }))
}
