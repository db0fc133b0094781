/**
 * `npm run bench -- core`: ns per evaluation of three flags over 1,000,000 distinct
 * precomputed contexts, for @andon/core and, in the same run, GrowthBook and Unleash
 * evaluating the same flags from local data.
 */
import { GrowthBookClient } from '@growthbook/growthbook'
import { createEvaluator, type Context } from '@andon/core'
import { andonPayload, benchContexts } from './_andon.js'
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
  const contexts = benchContexts(CONTEXTS)
  const [andonContexts, gbContexts, unleashContexts] = [
    contexts.andon,
    contexts.growthbook,
    contexts.unleash,
  ]
  const payload = andonPayload(FLAGS.length)
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
