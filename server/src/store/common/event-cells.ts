/**
 * An SDK event batch as the cells the stores count: merged by (flag, metric, variation), left
 * to what the caller may report on, and spread into the windows of the guards watching them.
 */
import type { EventBatch, FlagConfig } from '@andon/core'
import type { GuardRow } from './guard-rules.js'

/** How long a batch id is remembered: far longer than any SDK keeps retrying one. */
export const BATCH_IDS_KEPT_MS = 24 * 60 * 60 * 1000
/** How long the per-minute figures are kept. Guards read their own windows, not these. */
export const EVENT_MINUTES_KEPT_MS = 30 * 24 * 60 * 60 * 1000

const MINUTE = 60_000

export const minuteOf = (now: number) => now - (now % MINUTE)

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/** The flag keys a batch reports on. */
export const batchFlagKeys = (batch: EventBatch): string[] => [
  ...new Set([...batch.exposures, ...batch.metrics].map((e) => e.flag)),
]

export interface WatchedFlag {
  id: number
  key: string
  variationCount: number
  enabled: boolean
  /** The metrics its SDKs attribute in this environment: its `metrics` and its guards'. */
  metrics: Set<string>
  guards: GuardRow[]
}

export function watchedFlag(
  row: { id: number; key: string; variations: string },
  guards: GuardRow[],
  configJson: string | undefined,
): WatchedFlag {
  const config = JSON.parse(configJson ?? '{}') as FlagConfig
  return {
    id: row.id,
    key: row.key,
    variationCount: (JSON.parse(row.variations) as unknown[]).length,
    enabled: config.enabled,
    metrics: new Set<string>([...(config.metrics ?? []), ...guards.map((g) => g.metric)]),
    guards,
  }
}

export interface Figures {
  count: number
  sum: number
  sumSquares: number
}

export interface Cell extends Figures {
  flag: WatchedFlag
  metric: string
  variation: number
}

/**
 * The batch merged by (flag, metric, variation), exposures as metric '': one write per cell
 * however the SDK split its lists. Flags and variations the caller may not report on, or the
 * environment does not have, are left out (the SDK may be a version behind), and so are
 * metrics the flag does not list: what a batch can make the server store stays bounded.
 */
export function cellsOf(batch: EventBatch, flags: Map<string, WatchedFlag>): Cell[] {
  const cells = new Map<string, Cell>()
  const add = (flagKey: string, metric: string, variation: number, f: Figures) => {
    const flag = flags.get(flagKey)
    if (flag === undefined || variation >= flag.variationCount || f.count === 0) return
    if (metric !== '' && !flag.metrics.has(metric)) return
    const id = `${flagKey}\u0000${metric}\u0000${variation}`
    const cell = cells.get(id)
    if (cell === undefined) cells.set(id, { ...f, flag, metric, variation })
    else {
      cell.count += f.count
      cell.sum += f.sum
      cell.sumSquares += f.sumSquares
    }
  }
  for (const e of batch.exposures)
    add(e.flag, '', e.variation, { count: e.count, sum: 0, sumSquares: 0 })
  for (const m of batch.metrics)
    add(m.flag, m.metric, m.variation, { count: m.count, sum: m.sum, sumSquares: m.sumSquares })
  return [...cells.values()]
}

/** A cell's figures in one guard's window (its minute, its totals and its source's totals). */
// A type, not an interface: prepared statements take it as a record of parameters.
export type WindowCell = {
  guardId: number
  variation: number
  minute: number
  stratum: number
  exposures: number
  count: number
  sum: number
  sumSquares: number
}

/** The windows a cell counts into: of every guard of its flag watching its metric. */
export function windowCells(c: Cell, minute: number): WindowCell[] {
  return c.flag.guards
    .filter((g) => c.metric === '' || g.metric === c.metric)
    .map((g) => {
      const cell = { guardId: g.id, variation: c.variation, minute, stratum: g.stratum }
      return c.metric === ''
        ? { ...cell, exposures: c.count, count: 0, sum: 0, sumSquares: 0 }
        : { ...cell, exposures: 0, count: c.count, sum: c.sum, sumSquares: c.sumSquares }
    })
}

/** The batch's exposures of one flag, for the step of its release plan. */
export function stepExposures(batch: EventBatch, flag: WatchedFlag) {
  return batch.exposures
    .filter((e) => e.flag === flag.key && e.variation < flag.variationCount)
    .map((e) => ({ variation: e.variation, count: e.count }))
}

/**
 * Window cells merged by guard and variation (a batch's minute and each guard's stratum are
 * the same for all its cells): a guard of metric m gets both the exposures and the m figures
 * of a variation, and a multi-row upsert may touch each row once only.
 */
export function mergeWindowCells(cells: WindowCell[]): WindowCell[] {
  const merged = new Map<string, WindowCell>()
  for (const c of cells) {
    const id = `${c.guardId}:${c.variation}`
    const m = merged.get(id)
    if (m === undefined) merged.set(id, { ...c })
    else {
      m.exposures += c.exposures
      m.count += c.count
      m.sum += c.sum
      m.sumSquares += c.sumSquares
    }
  }
  return [...merged.values()]
}
