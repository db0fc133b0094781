/**
 * `andon flags list|get|set|kill`: a flag's state in an environment, and the changes a deploy
 * pipeline makes (switch, percentage, kill). Every change is conditional on the version it
 * read (If-Match), so it never overwrites an edit made in between.
 */
import type { Command } from 'commander'
import type { ChangeRequestInfo, Flag, FlagConfig, FlagMeta, Payload } from '@andon/core'
import type { Api } from '../api-client.js'
import { CliError } from '../cli-error.js'
import type { Io } from '../io.js'
import { describeFlag, percentServe, releasedVariation, variationOf } from '../serving.js'
import { table } from '../table.js'

export interface Context {
  io: Io
  api: () => Api
  json: () => boolean
}

/** Prints `human`, or `data` as JSON under `--json`. */
export const printer = (ctx: Context) => (human: string, data: unknown) =>
  ctx.io.out(ctx.json() ? `${JSON.stringify(data, null, 2)}\n` : human)

const flagPath = (flag: string, env: string) =>
  `/flags/${encodeURIComponent(flag)}/environments/${encodeURIComponent(env)}`

interface SetOptions {
  env: string
  on?: boolean
  off?: boolean
  rollout?: string
  variation?: string
  comment?: string
}

/** The config patch that `set` asks for, from its options and the flag as it is. */
export function setPatch(flag: Flag, options: SetOptions): Partial<FlagConfig> {
  if (options.on && options.off) throw new CliError('--on and --off together: choose one')
  const patch: Partial<FlagConfig> = {}
  if (options.on) patch.enabled = true
  if (options.off) patch.enabled = false
  if (options.rollout !== undefined) {
    const variation =
      options.variation === undefined
        ? releasedVariation(flag)
        : variationOf(flag, options.variation)
    const percent = Number(options.rollout.replace(/\s*%$/, ''))
    if (options.rollout.trim() === '' || Number.isNaN(percent)) {
      throw new CliError(`--rollout takes a percentage such as 25, not ${options.rollout}`)
    }
    patch.fallthrough = percentServe(flag, variation, percent)
  } else if (options.variation !== undefined) {
    patch.fallthrough = { variation: variationOf(flag, options.variation) }
  }
  if (Object.keys(patch).length === 0) {
    throw new CliError('nothing to set: give --on, --off, --rollout or --variation')
  }
  return patch
}

export function flagCommands(program: Command, ctx: Context) {
  const flags = program.command('flags').description('list, read and change flags')
  const print = printer(ctx)

  flags
    .command('list')
    .description('every flag, with its state in an environment when --env is given')
    .option('-e, --env <env>', 'the environment whose state to show')
    .action(async (options: { env?: string }) => {
      const api = ctx.api()
      const metas = (await api.get<{ flags: FlagMeta[] }>('/flags', 'listing flags')).body.flags
      if (options.env === undefined) {
        const rows = metas.map((f) => [f.key, f.name, f.clientSide ? 'client-side' : ''])
        return print(table([['KEY', 'NAME', ''], ...rows]), metas)
      }
      const env = options.env
      const payload = (
        await api.get<Payload>(
          `/environments/${encodeURIComponent(env)}/payload`,
          `environment ${env}`,
        )
      ).body
      const rows = metas.map((f) => {
        const flag = payload.flags[f.key]
        return [f.key, flag === undefined ? '?' : describeFlag(flag)]
      })
      print(
        table([['KEY', env.toUpperCase()], ...rows]),
        metas.map((f) => ({ ...f, [env]: payload.flags[f.key] ?? null })),
      )
    })

  flags
    .command('get <flag>')
    .description("a flag's config in an environment")
    .requiredOption('-e, --env <env>', 'the environment')
    .action(async (key: string, options: { env: string }) => {
      const { body } = await ctx.api().get<Flag>(flagPath(key, options.env), `flag ${key}`)
      print(`${key} in ${options.env}: ${describeFlag(body)} (version ${body.version})\n`, body)
    })

  flags
    .command('set <flag>')
    .description('switch a flag, or serve a variation to a percentage of contexts')
    .requiredOption('-e, --env <env>', 'the environment')
    .option('--on', 'switch it on')
    .option('--off', 'switch it off')
    .option('-r, --rollout <percent>', 'serve the variation to this percentage (0 to 100)')
    .option(
      '-v, --variation <variation>',
      'the variation, by value or index (default: the first that is not the off one)',
    )
    .option('-m, --comment <text>', 'why, for the audit log')
    .action(async (key: string, options: SetOptions) => {
      const api = ctx.api()
      const path = flagPath(key, options.env)
      const current = await api.get<Flag>(path, `flag ${key}`)
      const patch = setPatch(current.body, options)
      const body = options.comment === undefined ? patch : { ...patch, comment: options.comment }
      const headers = current.etag === null ? undefined : { 'if-match': current.etag }
      const { body: after } = await api.patch<Flag | { changeRequest: ChangeRequestInfo }>(
        path,
        `changing ${key}`,
        body,
        headers,
      )
      // An environment that requires approval keeps the edit as a change request (202).
      if ('changeRequest' in after) {
        const { id } = after.changeRequest
        return print(
          `${key} in ${options.env}: change request ${id} opened; it applies once another editor approves it (andon changes approve ${options.env} ${id})\n`,
          after,
        )
      }
      print(`${key} in ${options.env}: ${describeFlag(after)} (version ${after.version})\n`, after)
    })

  flags
    .command('kill <flag>')
    .description('switch a flag off at once: every SDK serves its off variation')
    .requiredOption('-e, --env <env>', 'the environment')
    .option('-m, --comment <text>', 'why, for the audit log')
    .action(async (key: string, options: { env: string; comment?: string }) => {
      const body = {
        enabled: false,
        ...(options.comment === undefined ? {} : { comment: options.comment }),
      }
      const { body: after } = await ctx
        .api()
        .patch<Flag>(flagPath(key, options.env), `switching ${key} off`, body)
      print(`${key} in ${options.env}: ${describeFlag(after)} (version ${after.version})\n`, after)
    })
}
