/**
 * `andon flags stale [--days N]`: the flags to clean up, from the server's report: not
 * evaluated for N days, serving one variation to everyone that long (ready to remove), or no
 * longer referenced by any uploaded code (`andon refs scan --upload`).
 */
import type { Command } from 'commander'
import { CliError } from '../cli-error.js'
import { table } from '../table.js'
import type { Context } from './flags.js'

interface StaleReport {
  days: number
  codeRefsKnown: boolean
  flags: {
    flag: string
    environment: string
    reasons: ('not-evaluated' | 'single-variation' | 'no-code-refs')[]
    lastEvaluatedAt: number | null
    servedVariation: number | null
    codeRefs: number
  }[]
}

const WHY = {
  'not-evaluated': 'not evaluated',
  'single-variation': 'one variation to everyone',
  'no-code-refs': 'no code references',
} as const

const when = (at: number | null) =>
  at === null ? 'never' : new Date(at).toISOString().slice(0, 16).replace('T', ' ')

export function staleCommand(program: Command, ctx: Context) {
  const flags = program.commands.find((c) => c.name() === 'flags')
  if (flags === undefined) throw new Error('the flags command comes first')
  flags
    .command('stale')
    .description('flags not evaluated, serving one variation, or unreferenced for --days days')
    .option('--days <n>', 'how many days (default 30)', '30')
    .action(async (options: { days: string }) => {
      const days = Number(options.days)
      if (!Number.isInteger(days) || days < 1)
        throw new CliError(`--days takes a whole number of days, not ${options.days}`)
      const report = (
        await ctx.api().get<StaleReport>(`/insights/stale?days=${days}`, 'the stale-flag report')
      ).body
      if (ctx.json()) return ctx.io.out(`${JSON.stringify(report, null, 2)}\n`)
      const rows = report.flags.map((f) => [
        f.flag,
        f.environment,
        f.reasons
          .map((r) => (r === 'single-variation' ? `${WHY[r]} (#${f.servedVariation})` : WHY[r]))
          .join(', '),
        when(f.lastEvaluatedAt),
      ])
      const note = report.codeRefsKnown
        ? ''
        : 'No code references uploaded yet: `andon refs scan --upload` adds them to the report.\n'
      ctx.io.out(
        (rows.length === 0
          ? `No stale flags over the last ${days} days.\n`
          : table([['FLAG', 'ENVIRONMENT', 'WHY', 'LAST EVALUATED (UTC)'], ...rows])) + note,
      )
    })
}
