/**
 * `andon changes list|approve|reject|withdraw`: change requests, the edits of an environment
 * that requires approval, waiting for a second editor. A pipeline approves with its own token;
 * the server refuses a request's author, and the command says who that was.
 */
import { Option, type Command } from 'commander'
import type { ChangeActor, ChangeRequestInfo, ChangeRequestStatus } from '@andon/core'
import type { Api } from '../api-client.js'
import { CliError } from '../cli-error.js'
import { utcMinute } from '../instant.js'
import { table } from '../table.js'
import { printer, type Context } from './flags.js'

const STATUSES: ChangeRequestStatus[] = ['open', 'applied', 'rejected', 'withdrawn', 'failed']

const requestsPath = (env: string) => `/environments/${encodeURIComponent(env)}/change-requests`

/** Who, as the audit log shows it: a token with its id, a person by name. */
const actorText = (a: ChangeActor) => (a.kind === 'token' ? `${a.name} (token ${a.id})` : a.name)

function describe(r: ChangeRequestInfo): string[] {
  return [
    String(r.id),
    r.flag,
    r.status,
    actorText(r.author),
    utcMinute(r.createdAt),
    r.reviewer === null ? '' : actorText(r.reviewer),
    JSON.stringify(r.change),
  ]
}

/** A request's id as typed (`7` or `#7`), checked before the server sees it. */
function idOf(given: string): number {
  const m = /^#?(\d+)$/.exec(given.trim())
  if (m === null || Number(m[1]) === 0) {
    throw new CliError(`a change request's id is a number (andon changes list), not ${given}`)
  }
  return Number(m[1])
}

async function listRequests(api: Api, env: string, status?: ChangeRequestStatus) {
  const query = status === undefined ? '' : `?status=${status}`
  return (
    await api.get<{ changeRequests: ChangeRequestInfo[] }>(
      `${requestsPath(env)}${query}`,
      `environment ${env}`,
    )
  ).body.changeRequests
}

/**
 * An approval's failure, told with what the request says: the server's refusal of an author
 * names no one, and an edit that no longer applies closes the request as failed.
 */
async function refusalOf(api: Api, env: string, id: number, what: string, e: CliError) {
  const request = await listRequests(api, env).then(
    (all) => all.find((r) => r.id === id),
    () => undefined,
  )
  if (/\bauthor/.test(e.message)) {
    const author = request === undefined ? 'this token' : actorText(request.author)
    return new CliError(
      `${what} was refused: ${author} asked for it, and a change needs a second pair of eyes: ` +
        `another editor of ${env} (or a token with write:${env} that did not ask) approves it`,
      e.exitCode,
    )
  }
  if (request?.status === 'failed') {
    return new CliError(
      `${what} failed: ${request.reason ?? e.message}; the request is closed as failed, ask for the change again`,
      e.exitCode,
    )
  }
  return e
}

export function changeCommands(program: Command, ctx: Context) {
  const changes = program
    .command('changes')
    .description('change requests: edits waiting for a second editor, where approval is required')
  const print = printer(ctx)

  changes
    .command('list <env>')
    .description("an environment's change requests, newest first")
    .addOption(new Option('--status <status>', 'only those with this status').choices(STATUSES))
    .action(async (env: string, options: { status?: ChangeRequestStatus }) => {
      const requests = await listRequests(ctx.api(), env, options.status)
      if (ctx.json())
        return ctx.io.out(`${JSON.stringify({ changeRequests: requests }, null, 2)}\n`)
      if (requests.length === 0) {
        const which = options.status === undefined ? '' : `${options.status} `
        return ctx.io.out(`No ${which}change requests in ${env}.\n`)
      }
      const header = ['ID', 'FLAG', 'STATUS', 'AUTHOR', 'CREATED', 'REVIEWER', 'CHANGE']
      // Why one was rejected or failed does not fit a column: a line each, under the table.
      const reasons = requests
        .filter((r) => r.reason !== null)
        .map((r) => `#${r.id} ${r.status}: ${r.reason}\n`)
      ctx.io.out(`${table([header, ...requests.map(describe)])}(times in UTC)\n${reasons.join('')}`)
    })

  changes
    .command('approve <env> <id>')
    .description("approve a change request (someone else's): it applies at once")
    .action(async (env: string, given: string) => {
      const api = ctx.api()
      const id = idOf(given)
      const what = `approving change request ${id} in ${env}`
      let approved: ChangeRequestInfo
      try {
        approved = (
          await api.post<{ changeRequest: ChangeRequestInfo }>(
            `${requestsPath(env)}/${id}/approve`,
            what,
            {},
          )
        ).body.changeRequest
      } catch (e) {
        if (!(e instanceof CliError)) throw e
        throw await refusalOf(api, env, id, what, e)
      }
      print(
        `Approved change request ${id} in ${env}: ${approved.flag} changed (${JSON.stringify(approved.change)}).\n`,
        { changeRequest: approved },
      )
    })

  changes
    .command('reject <env> <id>')
    .description('reject a change request, saying why')
    .option('--reason <text>', 'why, for its author and the audit log')
    .action(async (env: string, given: string, options: { reason?: string }) => {
      const id = idOf(given)
      const body = options.reason === undefined ? {} : { reason: options.reason }
      const { body: rejected } = await ctx.api().post<{
        changeRequest: ChangeRequestInfo
      }>(`${requestsPath(env)}/${id}/reject`, `rejecting change request ${id} in ${env}`, body)
      print(`Rejected change request ${id} in ${env} (${rejected.changeRequest.flag}).\n`, rejected)
    })

  changes
    .command('withdraw <env> <id>')
    .description('withdraw a change request: its author (or an admin) does')
    .action(async (env: string, given: string) => {
      const id = idOf(given)
      await ctx
        .api()
        .delete(`${requestsPath(env)}/${id}`, `withdrawing change request ${id} in ${env}`)
      print(`Withdrew change request ${id} in ${env}.\n`, {
        id,
        environment: env,
        status: 'withdrawn',
      })
    })
}
