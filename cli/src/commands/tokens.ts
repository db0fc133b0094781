/**
 * `andon tokens create|list|revoke`: tokens of the admin API for people and pipelines, each
 * with its scopes (`read`, `kill`, `write:<environment>`, `admin`). The secret is in the
 * answer to `create` only: it goes to stdout alone, so a pipeline can capture it, and the
 * warning that it will not be shown again goes to stderr.
 */
import type { Command } from 'commander'
import type { CreatedToken, TokenInfo } from '@andon/core'
import { CliError } from '../cli-error.js'
import { parseInstant, utcMinute } from '../instant.js'
import { table } from '../table.js'
import type { Context } from './flags.js'

const SCOPE = /^(read|kill|admin|write:.+)$/

/** `--scope a --scope b`, `--scope a b` and `--scope a,b` alike. */
export function scopesOf(given: readonly string[]): string[] {
  const scopes = given.flatMap((s) => s.split(',')).map((s) => s.trim())
  for (const scope of scopes) {
    if (!SCOPE.test(scope))
      throw new CliError(`--scope takes read, kill, admin or write:<environment>, not ${scope}`)
  }
  return [...new Set(scopes)]
}

function describe(t: TokenInfo, now: number): string[] {
  const expired = t.expiresAt !== null && t.expiresAt <= now
  return [
    String(t.id),
    t.name,
    t.type,
    t.scopes.join(','),
    utcMinute(t.createdAt),
    t.expiresAt === null ? 'never' : `${utcMinute(t.expiresAt)}${expired ? ' (expired)' : ''}`,
    t.lastUsedAt === null ? 'never' : utcMinute(t.lastUsedAt),
    t.revokedAt === null ? '' : utcMinute(t.revokedAt),
  ]
}

export function tokenCommands(program: Command, ctx: Context) {
  const tokens = program
    .command('tokens')
    .description('create, list and revoke tokens of the admin API')
  const now = () => (ctx.io.now ?? Date.now)()

  tokens
    .command('create <name>')
    .description('create a token; its secret is printed this once')
    .requiredOption(
      '-s, --scope <scope...>',
      'what it may do: read, kill, write:<environment>, admin (several: repeat or comma)',
    )
    .option('--expires <when>', 'a duration from now (90d, 12h) or a date (2027-03-01)')
    .option('--service', "a machine's token (a pipeline's); by default a personal one")
    .action(
      async (name: string, options: { scope: string[]; expires?: string; service?: true }) => {
        const body = {
          name,
          type: options.service ? 'service' : 'personal',
          scopes: scopesOf(options.scope),
          ...(options.expires === undefined
            ? {}
            : { expiresAt: parseInstant(options.expires, '--expires', now(), 'ahead') }),
        }
        const { body: created } = await ctx
          .api()
          .post<CreatedToken>('/tokens', `creating token ${name}`, body)
        ctx.io.out(ctx.json() ? `${JSON.stringify(created, null, 2)}\n` : `${created.token}\n`)
        const expires =
          created.expiresAt === null
            ? 'never expires'
            : `expires ${utcMinute(created.expiresAt)} UTC`
        ctx.io.err(
          `Created ${created.type} token ${created.id} "${created.name}" (${created.scopes.join(', ')}; ${expires}).\n` +
            'Its secret is shown only this once: keep it now (as ANDON_TOKEN, or in a secret store).\n',
        )
      },
    )

  tokens
    .command('list')
    .description('tokens with their scopes, expiry, last use and revocation (never secrets)')
    .action(async () => {
      const { body } = await ctx.api().get<{ tokens: TokenInfo[] }>('/tokens', 'listing tokens')
      if (ctx.json()) return ctx.io.out(`${JSON.stringify(body, null, 2)}\n`)
      const header = ['ID', 'NAME', 'TYPE', 'SCOPES', 'CREATED', 'EXPIRES', 'LAST USED', 'REVOKED']
      ctx.io.out(
        body.tokens.length === 0
          ? 'No tokens this token may see.\n'
          : table([header, ...body.tokens.map((t) => describe(t, now()))]) + '(times in UTC)\n',
      )
    })

  tokens
    .command('revoke <token>')
    .description('revoke a token, by id or by name: refused from its next request on')
    .action(async (given: string) => {
      const api = ctx.api()
      let id = Number(given)
      if (!/^\d+$/.test(given)) {
        const { body } = await api.get<{ tokens: TokenInfo[] }>('/tokens', 'listing tokens')
        const named = body.tokens.filter((t) => t.name === given && t.revokedAt === null)
        if (named.length !== 1) {
          throw new CliError(
            named.length === 0
              ? `no token named ${given} that is not revoked: see andon tokens list`
              : `${named.length} tokens are named ${given}: revoke one by its id (andon tokens list)`,
          )
        }
        id = (named[0] as TokenInfo).id
      }
      await api.delete(`/tokens/${id}`, `revoking token ${given}`)
      ctx.io.out(
        ctx.json()
          ? `${JSON.stringify({ id, revoked: true })}\n`
          : `Revoked token ${given === String(id) ? id : `${id} "${given}"`}: refused from its next request on.\n`,
      )
    })
}
