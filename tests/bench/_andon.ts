/**
 * The evaluation benchmarks' side of Andon: the three flags (see _peers.ts) in Andon's wire
 * form, a payload of any number of them, and the contexts every library evaluates, each in
 * that library's own shape.
 */
import type { Context, Flag, Payload } from '@andon/core'
import type { Context as UnleashContext } from 'unleash-client'
import { FLAGS, type FlagName } from './_peers.js'

const COUNTRIES = ['SE', 'NO', 'DE', 'US', 'FR', 'GB', 'FI', 'DK']
const PLANS = ['pro', 'free', 'team']

/** A boolean rollout serving `true` to `on` of 100,000 buckets. */
export const rollout = (on: number) => ({
  variations: [
    { variation: 1, weight: on },
    { variation: 0, weight: 100000 - on },
  ],
})

/** One of the three flags, under `key`. */
export function andonFlag(name: FlagName, key: string = name): Flag {
  const base = { key, version: 1, enabled: true, variations: [false, true], offVariation: 0 }
  if (name === 'no-rules') return { ...base, fallthrough: { variation: 1 } }
  if (name === 'rollout-25') return { ...base, fallthrough: { rollout: rollout(25000) } }
  return {
    ...base,
    rules: [
      {
        id: 'nordic-pro',
        clauses: [
          { attribute: 'country', op: 'in', values: ['SE', 'NO'] },
          { attribute: 'plan', op: 'in', values: ['pro'] },
        ],
        serve: { rollout: rollout(50000) },
      },
    ],
    fallthrough: { variation: 0 },
  }
}

/** The three flags under their names, or `count` of them as `flag-0`, `flag-1`, ... in turn. */
export function andonPayload(count: number): Payload {
  const flags: Record<string, Flag> = {}
  for (let i = 0; i < count; i++) {
    const key = count === FLAGS.length ? FLAGS[i]! : `flag-${i}`
    flags[key] = andonFlag(FLAGS[i % FLAGS.length]!, key)
  }
  return { schemaVersion: 1, environment: 'bench', version: 1, flags, segments: {} }
}

/** `count` distinct users (key, country, plan), in each library's shape. */
export function benchContexts(count: number) {
  const andon: Context[] = []
  const growthbook: { attributes: object }[] = []
  const unleash: UnleashContext[] = []
  const launchDarkly: object[] = []
  for (let i = 0; i < count; i++) {
    const key = `user-${i}`
    const country = COUNTRIES[i % COUNTRIES.length]!
    const plan = PLANS[i % PLANS.length]!
    andon.push({ key, country, plan })
    growthbook.push({ attributes: { id: key, country, plan } })
    unleash.push({ userId: key, properties: { country, plan } })
    launchDarkly.push({ kind: 'user', key, country, plan })
  }
  return { andon, growthbook, unleash, launchDarkly }
}
