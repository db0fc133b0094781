/**
 * `andon audit [filters]`: who changed what, newest first, as a table; `andon audit export
 * [filters]`: every entry the filters keep, oldest first, as the server's JSON Lines, passed
 * to stdout byte for byte as they arrive (for `jq`, a file, a SIEM).
 */
import type { Command } from 'commander'
import type { AuditEntry } from '@andon/core'
import { CliError } from '../cli-error.js'
import { parseInstant, utcMinute } from '../instant.js'
import { table } from '../table.js'
import type { Context } from './flags.js'

interface Filters {
  actor?: string
  flag?: string
  env?: string
  since?: string
  until?: string
}

const MAX_LIMIT = 1000

function withFilters(command: Command): Command {
  return command
    .option('--actor <name>', "the token's (or person's) name, or guard, release-plan, system")
    .option('--flag <key>', 'changes to this flag')
    .option('-e, --env <env>', 'changes in this environment')
    .option('--since <when>', 'from this instant: a date, or a duration ago (2h, 7d)')
    .option('--until <when>', 'before this instant: a date, or a duration ago')
}

/** The query string of the list and the export: instants as ms since the epoch. */
export function auditQuery(filters: Filters, now: number): URLSearchParams {
  const query = new URLSearchParams()
  if (filters.actor !== undefined) query.set('actor', filters.actor)
  if (filters.flag !== undefined) query.set('flag', filters.flag)
  if (filters.env !== undefined) query.set('environment', filters.env)
  if (filters.since !== undefined)
    query.set('since', String(parseInstant(filters.since, '--since', now, 'ago')))
  if (filters.until !== undefined)
    query.set('until', String(parseInstant(filters.until, '--until', now, 'ago')))
  return query
}

function actorOf(e: AuditEntry): string {
  if (e.actorKind === 'token' && e.actorId != null) return `${e.actor} (token ${e.actorId})`
  return e.actor
}

export function auditCommands(program: Command, ctx: Context) {
  const now = () => (ctx.io.now ?? Date.now)()
  const audit = program
    .command('audit')
    .description('the audit log: who changed what, where and when (`andon audit` lists it)')
  // `andon audit [filters]` is `andon audit list [filters]`: each subcommand parses its own.
  withFilters(
    audit
      .command('list', { isDefault: true })
      .description('the newest entries the filters keep, as a table'),
  )
    .option('-n, --limit <n>', `how many entries, up to ${MAX_LIMIT}`, '100')
    .action(async (options: Filters & { limit: string }) => {
      const limit = Number(options.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw new CliError(
          `--limit takes a whole number from 1 to ${MAX_LIMIT}, not ${options.limit}`,
        )
      const query = auditQuery(options, now())
      query.set('limit', String(limit))
      const { body } = await ctx
        .api()
        .get<{ entries: AuditEntry[] }>(`/audit?${query}`, 'reading the audit log')
      if (ctx.json()) return ctx.io.out(`${JSON.stringify(body, null, 2)}\n`)
      if (body.entries.length === 0) return ctx.io.out('No audit entries match.\n')
      const rows = body.entries.map((e) => [
        utcMinute(e.at),
        actorOf(e),
        e.action,
        `${e.targetKind} ${e.targetKey}`,
        e.environment ?? '',
        e.comment ?? '',
      ])
      ctx.io.out(
        table([['TIME (UTC)', 'ACTOR', 'ACTION', 'TARGET', 'ENVIRONMENT', 'COMMENT'], ...rows]),
      )
      if (body.entries.length === limit)
        ctx.io.err(
          `The newest ${limit} shown: --limit (up to ${MAX_LIMIT}), --until, or \`andon audit export\` for all.\n`,
        )
    })

  withFilters(
    audit
      .command('export')
      .description('every entry the filters keep, oldest first, as JSON Lines on stdout'),
  ).action(async (options: Filters) => {
    const query = auditQuery(options, now())
    const body = await ctx.api().stream(`/audit/export?${query}`, 'exporting the audit log')
    const decoder = new TextDecoder()
    const write =
      ctx.io.write ??
      (async (chunk: Uint8Array) => ctx.io.out(decoder.decode(chunk, { stream: true })))
    const reader = body.getReader()
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>
      try {
        next = await reader.read()
      } catch (e) {
        throw new CliError(`the audit export broke off: ${(e as Error).message}`)
      }
      if (next.done) return
      try {
        await write(next.value)
      } catch (e) {
        // The reader went away (`| head`): that is all it wanted, not a failure.
        if ((e as { code?: string }).code === 'EPIPE') return void (await reader.cancel())
        throw e
      }
    }
  })
}
