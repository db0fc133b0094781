/**
 * What a store reads of one guard's observation window, and what the guard makes of it: the
 * totals to decide on under the trust model (server README, "Trust model for events"), the
 * window's totals less the client source that sways the test most.
 */
import type { GuardSettings, WindowSources } from './guard-model.js'
import { trustedTotals, type Strata } from './leave-one-out.js'

/** A guard's window as stored: its figures, and those of the sources with the largest. */
export interface WindowFigures {
  /** Every figure that arrived in the window, per stratum and variation. */
  totals: Strata
  /**
   * The client sources with the largest figures, each with its figures per variation: twice
   * as many per figure as the guard picks from, so that it can pick again without one.
   */
  candidates: ReadonlyMap<string, Strata>
  /** How many client sources reported in the window. */
  clientSources: number
  /** Whether any server key reported in the window. */
  serverKeys: boolean
}

export interface TrustedFigures {
  /** The figures the guard decides on, per stratum and variation. */
  totals: Strata
  sources: WindowSources
}

export function trustedFigures(settings: GuardSettings, window: WindowFigures): TrustedFigures {
  const trusted = trustedTotals(settings, window.totals, window.candidates)
  return {
    totals: trusted.totals,
    sources: {
      clientSources: window.clientSources,
      serverKeys: window.serverKeys,
      leftOut: trusted.leftOut,
      ...(trusted.alsoLeftOut === null ? {} : { alsoLeftOut: trusted.alsoLeftOut }),
    },
  }
}
