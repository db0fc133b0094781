/**
 * `andon release start|status|wait|pause|resume|abort|approve`: release plans from a pipeline.
 * `wait` is what a deploy job blocks on: it exits 0 when the plan reaches 100 %, 1 when it
 * rolled back, switched the flag off or was aborted (revert the build), 2 when it is paused
 * or waits for approval (a person is needed), and 124 when the timeout passes first.
 */
import type { Command } from 'commander'
import type { Flag, ReleaseInfo } from '@andon/core'
import { CliError } from '../cli-error.js'
import { parseDuration } from '../duration.js'
import { releasedVariation, variationOf } from '../serving.js'
import type { Context } from './flags.js'

/** What the command reads of a plan (core's ReleaseInfo, as the server answers it). */
export type Release = Pick<
  ReleaseInfo,
  'flag' | 'environment' | 'status' | 'step' | 'holdEndsAt' | 'reason'
> & {
  settings: { steps: Pick<ReleaseInfo['settings']['steps'][number], 'percent'>[] }
}

export const EXIT = { released: 0, undone: 1, needsPerson: 2, timeout: 124 } as const

const ENDED_BADLY = new Set(['rolled-back', 'switched-off', 'aborted'])
const NEEDS_PERSON = new Set(['paused', 'awaiting-approval'])

const releasePath = (flag: string, env: string) =>
  `/flags/${encodeURIComponent(flag)}/environments/${encodeURIComponent(env)}/release`

export function describeRelease(r: Release, now: number): string {
  const steps = r.settings.steps
  const step = steps[r.step]
  const where = `step ${r.step + 1} of ${steps.length} (${step?.percent ?? '?'} %)`
  const left = Math.max(0, Math.ceil((r.holdEndsAt - now) / 1000))
  const hold = r.status === 'running' && left > 0 ? `, ${left} s left in the hold` : ''
  const why = r.reason === null ? '' : `: ${r.reason}`
  return `${r.flag} in ${r.environment}: ${r.status}, ${where}${hold}${why}`
}

/** The exit code a plan's status means to a pipeline, or undefined while it goes on. */
export function exitFor(status: string): number | undefined {
  if (status === 'completed') return EXIT.released
  if (ENDED_BADLY.has(status)) return EXIT.undone
  if (NEEDS_PERSON.has(status)) return EXIT.needsPerson
  return undefined
}

interface EnvOption {
  env?: string
}

export function releaseCommands(
  program: Command,
  ctx: Context,
  sleep: (ms: number) => Promise<void>,
) {
  const release = program
    .command('release')
    .description('release plans: ramps that advance themselves')
  const envOf = (o: EnvOption) => o.env ?? ctx.io.env.ANDON_ENV ?? 'production'
  const print = (r: Release) =>
    ctx.io.out(
      ctx.json() ? `${JSON.stringify(r, null, 2)}\n` : `${describeRelease(r, Date.now())}\n`,
    )
  const envOption = [
    '-e, --env <env>',
    'the environment (default: ANDON_ENV or production)',
  ] as const

  release
    .command('start <flag>')
    .description('start a release plan from a template; its first step is served at once')
    .option(...envOption)
    .option('-p, --plan <template>', 'the template: standard or quick', 'standard')
    .option(
      '-v, --variation <variation>',
      'the variation to release (default: the first that is not the off one)',
    )
    .action(async (flag: string, o: EnvOption & { plan: string; variation?: string }) => {
      const api = ctx.api()
      const env = envOf(o)
      const config = await api.get<Flag>(
        `/flags/${encodeURIComponent(flag)}/environments/${encodeURIComponent(env)}`,
        `flag ${flag}`,
      )
      const variation =
        o.variation === undefined
          ? releasedVariation(config.body)
          : variationOf(config.body, o.variation)
      const { body } = await api.post<Release>(
        releasePath(flag, env),
        `starting the release of ${flag}`,
        {
          variation,
          template: o.plan,
        },
      )
      print(body)
    })

  release
    .command('status <flag>')
    .description("the flag's release plan: its step, its state and why")
    .option(...envOption)
    .action(async (flag: string, o: EnvOption) => {
      const { body } = await ctx
        .api()
        .get<Release>(releasePath(flag, envOf(o)), `the release of ${flag}`)
      print(body)
    })

  for (const action of ['pause', 'resume', 'abort', 'approve'] as const) {
    release
      .command(`${action} <flag>`)
      .description(`${action} the flag's release plan`)
      .option(...envOption)
      .action(async (flag: string, o: EnvOption) => {
        const { body } = await ctx
          .api()
          .post<Release>(
            `${releasePath(flag, envOf(o))}/control`,
            `${action} the release of ${flag}`,
            { action },
          )
        print(body)
      })
  }

  release
    .command('wait <flag>')
    .description(
      'wait for the plan to end: exit 0 released, 1 undone, 2 a person is needed, 124 timeout',
    )
    .option(...envOption)
    .option('-t, --timeout <duration>', 'how long to wait at most, such as 90s, 30m or 2h', '2h')
    .option('-i, --interval <duration>', 'how often to look', '5s')
    .action(async (flag: string, o: EnvOption & { timeout: string; interval: string }) => {
      const api = ctx.api()
      const path = releasePath(flag, envOf(o))
      const deadline = Date.now() + parseDuration(o.timeout)
      const interval = parseDuration(o.interval)
      let last = ''
      for (;;) {
        const { body } = await api.get<Release>(path, `the release of ${flag}`)
        const line = describeRelease(body, Date.now())
        const seen = `${body.status}:${body.step}:${body.reason ?? ''}`
        if (seen !== last && !ctx.json()) ctx.io.err(`${line}\n`)
        last = seen
        const code = exitFor(body.status)
        if (code !== undefined) {
          if (ctx.json()) ctx.io.out(`${JSON.stringify(body, null, 2)}\n`)
          if (code !== 0) throw new CliError(line, code)
          return
        }
        if (Date.now() + interval > deadline) {
          throw new CliError(`gave up waiting after ${o.timeout}: ${line}`, EXIT.timeout)
        }
        await sleep(interval)
      }
    })
}
