/**
 * The flag model of `spec/flag-model.md`: the JSON the server stores, streams and serves to SDKs.
 * Plain types only; `schemas.ts` holds the zod schemas that validate them at the edges.
 */
import type { CLAUSE_OPS } from './clause.js'

/** Any JSON value a variation may take. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A context attribute value: scalars or arrays of scalars. */
export type AttributeValue = string | number | boolean | ReadonlyArray<string | number | boolean>

/** A flat object of attributes; `key` identifies the unit (a user, a device, an organization). */
export interface Context {
  key?: string
  [attribute: string]: AttributeValue | null | undefined
}

/** The operators of the spec's clause table. */
export type ClauseOp = (typeof CLAUSE_OPS)[number]

export interface Clause {
  attribute: string
  op: ClauseOp
  values: ReadonlyArray<string | number | boolean>
  negate?: boolean
}

export interface WeightedVariation {
  variation: number
  /** 0 to 100000; the weights of a rollout add up to exactly 100000 (0.001 % steps). */
  weight: number
}

export interface Rollout {
  bucketBy?: string
  kind?: 'rollout' | 'experiment'
  variations: WeightedVariation[]
}

/** Exactly one of a fixed variation or a rollout. */
export type Serve = { variation: number } | { rollout: Rollout }

export interface Rule {
  id?: string
  clauses: Clause[]
  serve: Serve
}

export interface Target {
  variation: number
  values: string[]
}

export interface Prerequisite {
  key: string
  variation: number
}

/**
 * A variation with a name (`control`, `treatment`): it serves `value`, and OpenFeature and
 * OFREP report `name` as the variant. An object with exactly these two keys is read this way.
 */
export interface NamedVariation {
  name: string
  value: JsonValue
}

export interface Flag {
  key: string
  version: number
  enabled: boolean
  /** Bare values (unnamed) and `NamedVariation`s, in any mix; the index identifies each. */
  variations: JsonValue[]
  offVariation: number | null
  salt?: string
  prerequisites?: Prerequisite[]
  targets?: Target[]
  rules?: Rule[]
  fallthrough: Serve
  /** Metric keys that this flag's guards watch; evaluation ignores it. */
  metrics?: string[]
}

export interface SegmentRule {
  id?: string
  clauses: Clause[]
}

export interface Segment {
  key: string
  version: number
  included?: string[]
  excluded?: string[]
  rules?: SegmentRule[]
}

/** What an SDK holds for one environment. */
export interface Payload {
  schemaVersion: 1
  environment: string
  version: number
  flags: Record<string, Flag>
  segments: Record<string, Segment>
}

export type ReasonKind =
  'OFF' | 'PREREQUISITE_FAILED' | 'TARGET_MATCH' | 'RULE_MATCH' | 'FALLTHROUGH' | 'ERROR'

export type ErrorKind = 'FLAG_NOT_FOUND' | 'MALFORMED_FLAG' | 'TARGETING_KEY_MISSING' | 'WRONG_TYPE'

export interface Reason {
  kind: ReasonKind
  errorKind?: ErrorKind
  prerequisiteKey?: string
  ruleIndex?: number
  ruleId?: string
  inRollout?: boolean
  inExperiment?: boolean
}

/** The outcome of one evaluation; `variationIndex` is null exactly when `value` is the default. */
export interface EvaluationResult<T = JsonValue> {
  value: T
  variationIndex: number | null
  /** The name of the variation served, when it has one (never on a default). */
  variationName?: string
  reason: Reason
}

export type ItemKind = 'flag' | 'segment'

export type StreamEvent =
  | { event: 'put'; id: number; data: Payload }
  | {
      event: 'patch'
      id: number
      data:
        | { kind: 'flag'; key: string; version: number; value: Flag }
        | { kind: 'segment'; key: string; version: number; value: Segment }
    }
  | { event: 'delete'; id: number; data: { kind: ItemKind; key: string; version: number } }
