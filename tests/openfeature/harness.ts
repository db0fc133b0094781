/**
 * What the step definitions ask of a provider under test, so that one set of steps drives the
 * Node provider in this process and the web provider in Chromium alike.
 */

/** The providers the suite's `Given a <kind> provider` steps name. */
export type ProviderKind = 'stable' | 'not ready' | 'error' | 'fatal' | 'stale'

export type FlagType = 'Boolean' | 'String' | 'Integer' | 'Float' | 'Object'

export interface Evaluation {
  type: FlagType
  key: string
  defaultValue: unknown
  context: Record<string, unknown>
  /** Two invocation hooks, `a` then `b`, that record when each of their stages runs. */
  hooks: boolean
}

/** OpenFeature's evaluation details, as plain data. */
export interface Details {
  flagKey: string
  value: unknown
  variant?: string
  reason?: string
  errorCode?: string
  errorMessage?: string
  flagMetadata: Record<string, unknown>
}

export interface Evaluated {
  details: Details
  /** Whether the details' flag metadata is frozen (spec 1.4.15.1). */
  metadataFrozen: boolean
  /** Whether the context handed in is as it was before the evaluation. */
  contextUnchanged: boolean
  /** `a.before`, `b.after`... in the order the hooks ran. */
  hookCalls: string[]
  /** Whether the evaluation call answered with a promise (spec 1.4.12), settled since. */
  returnedPromise: boolean
}

export interface Harness {
  /** A provider of this kind, in a domain of its own (or the shared stable one): its domain. */
  provider(kind: ProviderKind): Promise<string>
  /** The status OpenFeature reports for the domain's provider, e.g. `READY`. */
  status(domain: string): Promise<string>
  evaluate(domain: string, evaluation: Evaluation): Promise<Evaluated>
}
