/**
 * `andon experiments show <flag> --env <env> [--metric m]`: an experiment's results as the
 * server computes them: per variation the contexts, the rate or mean with its always-valid
 * interval and the lift against control, and the sample-ratio check of the split.
 */
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { table } from '../table.js'
import type { Context } from './flags.js'

interface Interval {
  low: number | null
  high: number | null
}

interface Experiment {
  metric: string | null
  metrics: string[]
  kind: 'rate' | 'mean'
  control: number
  variations: {
    variation: number
    value: unknown
    contexts: number
    estimate: number | null
    interval: Interval | null
    lift: number | null
    liftInterval: Interval | null
  }[]
  sampleRatio: { chiSquare: number; pValue: number; mismatch: boolean } | null
}

const num = (x: number | null, percent = false) =>
  x === null ? '∞' : percent ? `${(x * 100).toFixed(1)} %` : Number(x.toPrecision(4)).toString()
const range = (i: Interval | null, percent = false) =>
  i === null ? '' : `[${i.low === null ? '-∞' : num(i.low, percent)}, ${num(i.high, percent)}]`

export function experimentCommands(program: Command, ctx: Context) {
  program
    .command('experiments')
    .description("read an experiment's results")
    .command('show <flag>')
    .description("per variation: contexts, the metric's rate or mean, the lift against control")
    .requiredOption('-e, --env <env>', 'the environment')
    .option('--metric <metric>', 'a metric the flag tracks (default: its first)')
    .option('--days <n>', 'figures of how many days (default 30)', '30')
    .action(async (flag: string, options: { env: string; metric?: string; days: string }) => {
      const days = Number(options.days)
      if (!Number.isInteger(days) || days < 1)
        throw new CliError(`--days takes a whole number of days, not ${options.days}`)
      const query = new URLSearchParams({ days: String(days) })
      if (options.metric !== undefined) query.set('metric', options.metric)
      const path = `/environments/${encodeURIComponent(options.env)}/insights/flags/${encodeURIComponent(flag)}/experiment?${query}`
      const e = (await ctx.api().get<Experiment>(path, `flag ${flag} in ${options.env}`)).body
      if (ctx.json()) return ctx.io.out(`${JSON.stringify(e, null, 2)}\n`)
      const rate = e.kind === 'rate'
      const rows = e.variations.map((v) => [
        `${v.variation}${v.variation === e.control ? ' (control)' : ''}`,
        JSON.stringify(v.value),
        String(v.contexts),
        v.estimate === null ? '' : num(v.estimate, rate),
        range(v.interval, rate),
        v.lift === null ? '' : num(v.lift, true),
        range(v.liftInterval, true),
      ])
      const head = [
        'VARIATION',
        'VALUE',
        'CONTEXTS',
        rate ? 'RATE' : 'MEAN',
        'INTERVAL',
        'LIFT',
        'LIFT INTERVAL',
      ]
      const srm = e.sampleRatio
      ctx.io.out(
        `${flag} in ${options.env}: ${e.metric === null ? 'no tracked metric' : `${e.metric} (${e.kind})`}\n` +
          table([head, ...rows]) +
          (srm === null
            ? ''
            : srm.mismatch
              ? `Sample ratio mismatch (p = ${srm.pValue.toExponential(2)}): the split does not fit the weights; do not trust the comparison.\n`
              : `Split fits the weights (p = ${num(srm.pValue)}).\n`),
      )
    })
}
