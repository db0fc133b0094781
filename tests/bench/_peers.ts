/**
 * Peers measured in the same run as Andon, set up from local data only: the same three flags
 * (no rules; a 25 % rollout on the user key; country in [SE, NO] and plan pro, 50 %).
 */
import type { GrowthBookClient } from '@growthbook/growthbook'
import { InMemStorageProvider, Unleash, type Context as UnleashContext } from 'unleash-client'

/** The three flags of the evaluation benchmarks. */
export const FLAGS = ['no-rules', 'rollout-25', 'segment-rule'] as const
export type FlagName = (typeof FLAGS)[number]

/** Unleash with the three flags from a bootstrap; its server URL points at nothing. */
export async function unleashClient(): Promise<Unleash> {
  const strategy = (rollout: string, constraints: object[] = []) => ({
    name: 'flexibleRollout',
    parameters: { rollout, stickiness: 'userId', groupId: 'g' },
    constraints,
  })
  const feature = (name: string, strategies: object[]) => ({
    name,
    enabled: true,
    type: 'release',
    project: 'default',
    stale: false,
    strategies,
    variants: [],
    impressionData: false,
  })
  const unleash = new Unleash({
    appName: 'andon-bench',
    url: 'http://127.0.0.1:9/api/', // nothing listens: the bootstrap is the only data
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: {
      data: [
        feature('no-rules', [{ name: 'default', parameters: {}, constraints: [] }]),
        feature('rollout-25', [strategy('25')]),
        feature('segment-rule', [
          strategy('50', [
            { contextName: 'country', operator: 'IN', values: ['SE', 'NO'] },
            { contextName: 'plan', operator: 'IN', values: ['pro'] },
          ]),
        ]),
      ] as never,
    },
  })
  unleash.on('error', () => {}) // the unreachable URL is expected
  await new Promise<void>((resolve) => unleash.once('ready', () => resolve()))
  return unleash
}

export function growthbookFeature(name: FlagName) {
  if (name === 'no-rules') return { defaultValue: true }
  if (name === 'rollout-25') {
    return { defaultValue: false, rules: [{ force: true, coverage: 0.25, hashAttribute: 'id' }] }
  }
  return {
    defaultValue: false,
    rules: [
      {
        condition: { country: { $in: ['SE', 'NO'] }, plan: 'pro' },
        force: true,
        coverage: 0.5,
        hashAttribute: 'id',
      },
    ],
  }
}

/** GrowthBook's features: the three flags, or `count` flags cycling through them. */
export function growthbookPayload(count: number) {
  const features: Record<string, unknown> = {}
  for (let i = 0; i < count; i++) {
    const key = count === FLAGS.length ? FLAGS[i]! : `flag-${i}`
    features[key] = growthbookFeature(FLAGS[i % FLAGS.length]!)
  }
  return { features } as { features: Record<string, never> }
}

// One loop per library keeps each call site monomorphic, as in an application.
export function loopGrowthBook(
  gb: GrowthBookClient,
  key: string,
  contexts: { attributes: object }[],
) {
  let on = 0
  for (let i = 0; i < contexts.length; i++) if (gb.isOn(key, contexts[i]!)) on++
  return on
}

export function loopUnleash(unleash: Unleash, key: string, contexts: UnleashContext[]) {
  let on = 0
  for (let i = 0; i < contexts.length; i++) if (unleash.isEnabled(key, contexts[i]!)) on++
  return on
}
