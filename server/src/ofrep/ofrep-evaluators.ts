/**
 * The evaluators OFREP answers with: one per environment and view (a client key sees only
 * client-side flags), built from the cached payload and kept until the environment's version
 * moves. What every answer of a version shares is made once: the flags in key order, with
 * what each answer carries about its flag (its version, and whether it is static: core's
 * `openFeatureFlagInfo`, as in both SDKs' providers).
 */
import { createEvaluator, openFeatureFlagInfo, type Evaluator, type Flag } from '@andon/core'
import type { View } from '../stream/broker.js'
import type { PayloadCache } from '../stream/payload-cache.js'

export interface ViewFlag {
  key: string
  version: number
  /** No prerequisite, target or rule: its fallthrough is OpenFeature's STATIC. */
  static: boolean
}

export interface ViewEvaluator {
  /** The environment's version the evaluator was built at. */
  version: number
  evaluator: Evaluator
  /** The flags the view can see, in key order: the bulk answer's order. */
  flags: readonly ViewFlag[]
  /** The same flags, by key. */
  flagsByKey: ReadonlyMap<string, ViewFlag>
}

export interface ViewEvaluators {
  get(environmentId: number, view: View): Promise<ViewEvaluator>
}

/** Core's rule for a static flag; the environment plays no part in it. */
const isStatic = (flag: Flag) => openFeatureFlagInfo(flag, '')?.static === true

export function createViewEvaluators(payloads: PayloadCache): ViewEvaluators {
  const cache = new Map<string, ViewEvaluator>()
  return {
    async get(environmentId, view) {
      const cached = await payloads.get(environmentId)
      const id = `${environmentId}:${view}`
      const hit = cache.get(id)
      if (hit !== undefined && hit.version === cached.version) return hit
      const payload = cached.payloads[view]
      const flags = Object.values(payload.flags)
        .map((f) => ({ key: f.key, version: f.version, static: isStatic(f) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      const entry: ViewEvaluator = {
        version: cached.version,
        evaluator: createEvaluator(payload),
        flags,
        flagsByKey: new Map(flags.map((f) => [f.key, f])),
      }
      cache.set(id, entry)
      return entry
    },
  }
}
