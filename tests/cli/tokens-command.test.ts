/**
 * `andon tokens create|list|revoke` as people and pipelines run them: the built bin against a
 * real server, and the tokens it makes used through the same bin, allowed and refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedToken, Flag, TokenInfo } from '@andon/core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon } from '../support/andon-cli.js'

let server: AndonServer
let admin: Record<string, string>
const andon = (args: string[], token = admin.ANDON_TOKEN as string) =>
  runAndon(args, { ...admin, ANDON_TOKEN: token })

beforeAll(async () => {
  server = await startAndonServer()
  admin = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin }
  await server.admin('POST', '/api/v1/flags', { key: 'checkout' })
})
afterAll(() => server?.stop())

const listed = async () =>
  (await server.admin<{ tokens: TokenInfo[] }>('GET', '/api/v1/tokens')).tokens
const utcMinute = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ')

describe('andon tokens', () => {
  it('prints only the secret on stdout, warns on stderr that it is shown once', async () => {
    const made = await andon(['tokens', 'create', 'deploy-bot', '--scope', 'read', '--service'])
    expect(made.code).toBe(0)
    expect(made.stdout).toMatch(/^tok_[\w-]{20,}\n$/)
    expect(made.stderr).toMatch(/^Created service token \d+ "deploy-bot" \(read; never expires\)/)
    expect(made.stderr).toMatch(/shown only this once/)
    const stored = (await listed()).find((t) => t.name === 'deploy-bot')
    expect(stored).toMatchObject({ type: 'service', scopes: ['read'], expiresAt: null })
    // The secret printed is the one the server knows: it works.
    const flags = await andon(['flags', 'list'], made.stdout.trim())
    expect(flags).toMatchObject({ code: 0, stderr: '' })
  })

  it('gives the whole answer with --json, scopes from repeats and commas, an expiry', async () => {
    const before = Date.now()
    const made = await andon([
      '--json',
      'tokens',
      'create',
      'laptop',
      '--scope',
      'read,kill',
      '--scope',
      'write:development',
      '--expires',
      '2h',
    ])
    expect(made.code).toBe(0)
    const created = JSON.parse(made.stdout) as CreatedToken
    expect(created).toMatchObject({
      name: 'laptop',
      type: 'personal',
      scopes: ['read', 'kill', 'write:development'],
      revokedAt: null,
    })
    expect(created.token).toMatch(/^tok_/)
    expect(created.expiresAt).toBeGreaterThanOrEqual(before + 7_200_000)
    expect(created.expiresAt).toBeLessThanOrEqual(Date.now() + 7_200_000)

    const dated = await andon([
      '--json',
      'tokens',
      'create',
      'until-2099',
      '-s',
      'read',
      '--expires',
      '2099-01-01',
    ])
    expect((JSON.parse(dated.stdout) as CreatedToken).expiresAt).toBe(Date.parse('2099-01-01'))
  })

  it('lets a read token list flags, refuses its change and names the scope it lacks', async () => {
    const secret = (await andon(['tokens', 'create', 'reader', '--scope', 'read'])).stdout.trim()
    const flags = await andon(['flags', 'list', '--env', 'production'], secret)
    expect(flags.code).toBe(0)
    expect(flags.stdout).toMatch(/checkout\s+off/)

    const change = await andon(['flags', 'set', 'checkout', '--env', 'production', '--on'], secret)
    expect(change.code).toBe(1)
    expect(change.stdout).toBe('')
    expect(change.stderr).toBe(
      'andon: this token may not do that: needs the editor role in production (a token needs the scope write:production)\n',
    )
    const kill = await andon(['flags', 'kill', 'checkout', '--env', 'production'], secret)
    expect(kill.stderr).toMatch(
      /needs the kill scope or write:production .*\(a token needs the scope kill\)/,
    )
    const flag = await server.admin<Flag>('GET', '/api/v1/flags/checkout/environments/production')
    expect(flag).toMatchObject({ enabled: false, version: 1 })

    const mint = await andon(['tokens', 'create', 'escalate', '--scope', 'admin'], secret)
    expect(mint.code).toBe(1)
    expect(mint.stderr).toMatch(/needs the admin role \(a token needs the scope admin\)/)
  })

  it('lists tokens with their last use, and a revoked token is refused from then on', async () => {
    const secret = (
      await andon(['tokens', 'create', 'ci', '--scope', 'write:development'])
    ).stdout.trim()
    await andon(['tokens', 'create', 'idle', '--scope', 'read'])
    const used = await andon(['flags', 'set', 'checkout', '--env', 'development', '--on'], secret)
    expect(used.code).toBe(0)

    const ci = (await listed()).find((t) => t.name === 'ci') as TokenInfo
    expect(ci.lastUsedAt).not.toBeNull()
    const list = await andon(['tokens', 'list'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(
      /^ID\s+NAME\s+TYPE\s+SCOPES\s+CREATED\s+EXPIRES\s+LAST USED\s+REVOKED\n/,
    )
    const columns = (text: string, name: string) =>
      text
        .split('\n')
        .find((l) => l.split(/\s+/)[1] === name)
        ?.trim()
        .split(/\s{2,}/)
    expect(columns(list.stdout, 'ci')).toEqual([
      String(ci.id),
      'ci',
      'personal',
      'write:development',
      utcMinute(ci.createdAt),
      'never',
      utcMinute(ci.lastUsedAt as number),
    ])
    expect(columns(list.stdout, 'idle')?.slice(5)).toEqual(['never', 'never'])

    const revoked = await andon(['tokens', 'revoke', String(ci.id)])
    expect(revoked).toMatchObject({ code: 0, stderr: '' })
    expect(revoked.stdout).toBe(`Revoked token ${ci.id}: refused from its next request on.\n`)
    const refused = await andon(['flags', 'list'], secret)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^andon: the token was refused \(.+\): check ANDON_TOKEN\n$/)
    const revokedAt = (await listed()).find((t) => t.id === ci.id)?.revokedAt
    expect(revokedAt).toEqual(expect.any(Number))
    const after = (await andon(['tokens', 'list'])).stdout
    expect(columns(after, 'ci')?.[7]).toBe(utcMinute(revokedAt as number))

    const again = await andon(['tokens', 'revoke', String(ci.id)])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(new RegExp(`^andon: revoking token ${ci.id}: .*not found`))
  })

  it('refuses an expired token with the reason, and lists it as expired', async () => {
    const made = await andon([
      '--json',
      'tokens',
      'create',
      'brief',
      '-s',
      'read',
      '--expires',
      '3s',
    ])
    const created = JSON.parse(made.stdout) as CreatedToken
    expect(created.expiresAt).toBeGreaterThan(Date.now())
    await new Promise((r) => setTimeout(r, (created.expiresAt as number) - Date.now() + 50))
    const late = await andon(['flags', 'list'], created.token)
    expect(late).toMatchObject({ code: 1, stdout: '' })
    expect(late.stderr).toBe(
      'andon: the token was refused (the token expired): check ANDON_TOKEN\n',
    )
    const list = (await andon(['tokens', 'list'])).stdout
    expect(list).toMatch(new RegExp(`^${created.id}\\s+brief\\s.*\\d{2}:\\d{2} \\(expired\\)`, 'm'))
  })

  it('revokes by name when one live token has it', async () => {
    const secret = (await andon(['tokens', 'create', 'by-name', '--scope', 'read'])).stdout.trim()
    const revoked = await andon(['tokens', 'revoke', 'by-name'])
    expect(revoked.code).toBe(0)
    expect(revoked.stdout).toMatch(/^Revoked token \d+ "by-name"/)
    expect((await andon(['flags', 'list'], secret)).code).toBe(1)
    const unknown = await andon(['tokens', 'revoke', 'by-name'])
    expect(unknown).toMatchObject({ code: 1, stdout: '' })
    expect(unknown.stderr).toMatch(/no token named by-name that is not revoked/)
  })

  it('lets a token that is no admin see and revoke only itself', async () => {
    const secret = (await andon(['tokens', 'create', 'self', '--scope', 'read'])).stdout.trim()
    const list = await andon(['tokens', 'list'], secret)
    expect(list.code).toBe(0)
    expect(
      list.stdout
        .split('\n')
        .slice(1, -2)
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(['self'])
    const other = await andon(['tokens', 'revoke', '1'], secret)
    expect(other.code).toBe(1)
    expect(other.stderr).toMatch(/needs the admin role/)
    const itself = await andon(['tokens', 'revoke', 'self'], secret)
    expect(itself.code).toBe(0)
    expect((await andon(['flags', 'list'], secret)).stderr).toMatch(/token was refused/)
  })

  it('says what is wrong with a scope or an expiry, before or from the server', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--scope', 'wrte:production'],
        /--scope takes read, kill, admin or write:<environment>, not wrte:production/,
      ],
      [
        ['--scope', 'write:staging'],
        /creating token bad was refused: scopes\.0: no environment staging/,
      ],
      [['--scope', 'read', '--expires', 'soon'], /--expires takes a date .* not soon/],
      [['--scope', 'read', '--expires', '2020-01-01'], /expiresAt: must be in the future/],
    ]
    for (const [args, error] of cases) {
      const out = await andon(['tokens', 'create', 'bad', ...args])
      expect(out).toMatchObject({ code: 1, stdout: '' })
      expect(out.stderr).toMatch(error)
    }
    expect((await listed()).some((t) => t.name === 'bad')).toBe(false)
  })
})
