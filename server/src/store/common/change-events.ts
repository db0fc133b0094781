/**
 * The stream events of a change, for each view (server keys, client keys): what a flag's or a
 * segment's change sends. Client keys see client-side flags and the segments those flags use
 * (spec/flag-model.md, "Stream"); the store finds which segments are newly shown.
 */
import type { Flag, FlagConfig, Segment } from '@andon/core'
import type { ChangeEvent } from '../store.js'
import { segmentsUsedBy } from '../flag-checks.js'

/** A flag as it was before a change: whether clients saw it, and its config (null when new). */
export interface FlagWas {
  client: boolean
  config: FlagConfig | null
}

export interface FlagNow {
  client: boolean
  flag: Flag
}

/**
 * The segment keys a client-side flag change may newly show to clients: those its new rules use
 * that its old rules (if clients saw it) did not. The store leaves out those that another
 * client-side flag already shows.
 */
export function segmentCandidates(was: FlagWas, after: FlagConfig): string[] {
  const before = was.client ? was.config : null
  const old = new Set(before === null ? [] : segmentsUsedBy(before.rules))
  return [...new Set(segmentsUsedBy(after.rules).filter((k) => !old.has(k)))]
}

/**
 * One flag's change in one environment: the segments it newly shows to clients (sent first),
 * then a `patch` (or a `delete` when it is archived or no longer client-side, for client views).
 */
export function flagChangeEvents(
  was: FlagWas,
  now: FlagNow,
  archived: boolean,
  shown: Segment[],
): ChangeEvent[] {
  const flag = now.flag
  const header = { kind: 'flag', key: flag.key, version: flag.version }
  if (archived) return [{ event: 'delete', data: header, server: true, client: was.client }]
  const events: ChangeEvent[] = now.client
    ? shown.map((s) => ({
        event: 'patch',
        data: { kind: 'segment', key: s.key, version: s.version, value: s },
        server: false,
        client: true,
      }))
    : []
  events.push({
    event: 'patch',
    data: { ...header, value: flag },
    server: true,
    client: now.client,
  })
  if (was.client && !now.client) {
    events.push({ event: 'delete', data: header, server: false, client: true })
  }
  return events
}

/** A segment's change: clients get it when a client-side flag uses the segment. */
export function segmentChangeEvents(
  segment: Segment,
  deleted: boolean,
  client: boolean,
): ChangeEvent[] {
  const header = { kind: 'segment', key: segment.key, version: segment.version }
  return [
    deleted
      ? { event: 'delete', data: header, server: true, client }
      : { event: 'patch', data: { ...header, value: segment }, server: true, client },
  ]
}

/** The segment keys that the configs of client-side flags use. */
export function segmentsOfConfigs(configs: Iterable<string>): Set<string> {
  const keys = new Set<string>()
  for (const config of configs) {
    for (const key of segmentsUsedBy((JSON.parse(config) as FlagConfig).rules)) keys.add(key)
  }
  return keys
}
