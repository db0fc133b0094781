/**
 * `npm run bench -- core`: ns per evaluation of three flags over 1,000,000 distinct
 * precomputed contexts, for @andon/core and, in the same run, GrowthBook and Unleash
 * evaluating the same flags from local data.
 */
import { GrowthBookClient } from '@growthbook/growthbook'
import type { Context as UnleashContext } from 'unleash-client'
import { createEvaluator, type Context, type Flag, type Payload } from '@andon/core'
import {
  FLAGS,
  growthbookPayload,
  loopGrowthBook,
  loopUnleash,
  unleashClient,
  type FlagName,
} from './_peers.js'
import { formatStats, nsPerOp, printTable, stats } from './_timing.js'

const CONTEXTS = 1_000_000
const RUNS = 7
const COUNTRIES = ['SE', 'NO', 'DE', 'US', 'FR', 'GB', 'FI', 'DK']
const PLANS = ['pro', 'free', 'team']

function andonFlags(): Record<FlagName, Flag> {
  const base = { version: 1, enabled: true, variations: [false, true], offVariation: 0 }
  return {
    'no-rules': { ...base, key: 'no-rules', fallthrough: { variation: 1 } },
    'rollout-25': {
      ...base,
      key: 'rollout-25',
      fallthrough: {
        rollout: {
          variations: [
            { variation: 1, weight: 25000 },
            { variation: 0, weight: 75000 },
          ],
        },
      },
    },
    'segment-rule': {
      ...base,
      key: 'segment-rule',
      rules: [
        {
          id: 'nordic-pro',
          clauses: [
            { attribute: 'country', op: 'in', values: ['SE', 'NO'] },
            { attribute: 'plan', op: 'in', values: ['pro'] },
          ],
          serve: {
            rollout: {
              variations: [
                { variation: 1, weight: 50000 },
                { variation: 0, weight: 50000 },
              ],
            },
          },
        },
      ],
      fallthrough: { variation: 0 },
    },
  }
}

function growthbookClient(): GrowthBookClient {
  return new GrowthBookClient().initSync({ payload: growthbookPayload(FLAGS.length) })
}

// One loop per library keeps each call site monomorphic, as in an application.
function loopAndon(
  evaluator: ReturnType<typeof createEvaluator>,
  key: string,
  contexts: Context[],
) {
  let on = 0
  for (let i = 0; i < contexts.length; i++) {
    if (evaluator.evaluate(key, contexts[i]!, false).value === true) on++
  }
  return on
}

export async function run(): Promise<void> {
  const andonContexts: Context[] = []
  const gbContexts: { attributes: object }[] = []
  const unleashContexts: UnleashContext[] = []
  for (let i = 0; i < CONTEXTS; i++) {
    const key = `user-${i}`
    const country = COUNTRIES[i % COUNTRIES.length]!
    const plan = PLANS[i % PLANS.length]!
    andonContexts.push({ key, country, plan })
    gbContexts.push({ attributes: { id: key, country, plan } })
    unleashContexts.push({ userId: key, properties: { country, plan } })
  }

  const flags = andonFlags()
  const payload: Payload = {
    schemaVersion: 1,
    environment: 'bench',
    version: 1,
    flags: { ...flags },
    segments: {},
  }
  const evaluator = createEvaluator(payload)
  const gb = growthbookClient()
  const unleash = await unleashClient()

  const libraries = {
    Andon: (key: FlagName) => loopAndon(evaluator, key, andonContexts),
    GrowthBook: (key: FlagName) => loopGrowthBook(gb, key, gbContexts),
    Unleash: (key: FlagName) => loopUnleash(unleash, key, unleashContexts),
  }
  type Library = keyof typeof libraries
  const samples = new Map<string, number[]>()
  const served = new Map<string, number>()

  for (let run = 0; run <= RUNS; run++) {
    for (const [name, loop] of Object.entries(libraries)) {
      for (const flag of FLAGS) {
        let on = 0
        const ns = nsPerOp(CONTEXTS, () => (on = loop(flag)))
        served.set(`${name}/${flag}`, on)
        if (run === 0) continue // warm-up: let the JIT settle
        const list = samples.get(`${name}/${flag}`) ?? []
        list.push(ns)
        samples.set(`${name}/${flag}`, list)
      }
    }
  }
  unleash.destroy()

  const of = (lib: Library, flag: FlagName) => stats(samples.get(`${lib}/${flag}`)!)
  console.log(
    `ns per evaluation, median (min–max) of ${RUNS} runs over ${CONTEXTS.toLocaleString('en')} distinct contexts; Node ${process.version}`,
  )
  printTable(
    [
      'flag',
      'Andon',
      'GrowthBook',
      'Unleash',
      'GrowthBook ÷ Andon',
      'Unleash ÷ Andon',
      'share on (A/G/U)',
    ],
    FLAGS.map((flag) => {
      const a = of('Andon', flag)
      const g = of('GrowthBook', flag)
      const u = of('Unleash', flag)
      const share = (lib: Library) =>
        ((100 * served.get(`${lib}/${flag}`)!) / CONTEXTS).toFixed(1) + ' %'
      return [
        flag,
        formatStats(a),
        formatStats(g),
        formatStats(u),
        (g.median / a.median).toFixed(1) + '×',
        (u.median / a.median).toFixed(1) + '×',
        `${share('Andon')} / ${share('GrowthBook')} / ${share('Unleash')}`,
      ]
    }),
  )
}
