/**
 * Peers measured in the same run as Andon, set up from local data only: the same three flags
 * (no rules; a 25 % rollout on the user key; country in [SE, NO] and plan pro, 50 %).
 */
import { InMemStorageProvider, Unleash } from 'unleash-client'

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
