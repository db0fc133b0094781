/**
 * `andon audit` and `andon audit export` against a real server: changes made through the CLI
 * with named tokens, then found by actor, flag, environment and time, and exported as JSON
 * Lines exactly as the server sends them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '@andon/core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon } from '../support/andon-cli.js'

let server: AndonServer
let admin: Record<string, string>
const andon = (args: string[], token = admin.ANDON_TOKEN as string) =>
  runAndon(args, { ...admin, ANDON_TOKEN: token })
/** When the named tokens' changes began: entries before it are the server's first start. */
let changesFrom: number
let pagerId: string

/** The rows of a table as their columns (split at two spaces or more), the header first. */
const rows = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/))

beforeAll(async () => {
  server = await startAndonServer()
  admin = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin }
  await server.admin('POST', '/api/v1/flags', { key: 'checkout' })
  await server.admin('POST', '/api/v1/flags', { key: 'search' })
  const token = async (name: string, scopes: string[]) =>
    (
      await andon(['tokens', 'create', name, '--service', ...scopes.flatMap((s) => ['--scope', s])])
    ).stdout.trim()
  const deployBot = await token('deploy-bot', ['write:development', 'write:production'])
  const pager = await token('pager', ['kill'])
  pagerId = String(
    (
      await server.admin<{ tokens: { id: number; name: string }[] }>('GET', '/api/v1/tokens')
    ).tokens.find((t) => t.name === 'pager')?.id,
  )
  // Every changed entry below is at or after this instant.
  changesFrom = Date.now()
  await new Promise((r) => setTimeout(r, 5))
  for (const args of [
    ['flags', 'set', 'checkout', '--env', 'development', '--on', '-m', 'try it'],
    ['flags', 'set', 'checkout', '--env', 'production', '--on', '--rollout', '10'],
    ['flags', 'set', 'search', '--env', 'production', '--on'],
  ]) {
    expect((await andon(args, deployBot)).code).toBe(0)
  }
  const kill = await andon(
    ['flags', 'kill', 'checkout', '--env', 'production', '-m', 'errors up'],
    pager,
  )
  expect(kill.code).toBe(0)
})
afterAll(() => server?.stop())

describe('andon audit', () => {
  it('names the token behind each change, newest first', async () => {
    const out = await andon(['audit', '--flag', 'checkout'])
    expect(out).toMatchObject({ code: 0, stderr: '' })
    expect(rows(out.stdout)).toEqual([
      ['TIME (UTC)', 'ACTOR', 'ACTION', 'TARGET', 'ENVIRONMENT', 'COMMENT'],
      [
        expect.any(String),
        `pager (token ${pagerId})`,
        'flag.config.update',
        'flag checkout',
        'production',
        'errors up',
      ],
      [
        expect.any(String),
        expect.stringMatching(/^deploy-bot \(token \d+\)$/),
        'flag.config.update',
        'flag checkout',
        'production',
      ],
      [
        expect.any(String),
        expect.stringMatching(/^deploy-bot /),
        'flag.config.update',
        'flag checkout',
        'development',
        'try it',
      ],
      [expect.any(String), 'admin (token 1)', 'flag.create', 'flag checkout'],
    ])
    expect(rows(out.stdout)[1]?.[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  })

  it('filters by actor, environment, time and count', async () => {
    const byActor = rows((await andon(['audit', '--actor', 'deploy-bot'])).stdout).slice(1)
    expect(byActor.map((r) => r[3])).toEqual(['flag search', 'flag checkout', 'flag checkout'])

    const prod = rows(
      (await andon(['audit', '--actor', 'deploy-bot', '--env', 'production'])).stdout,
    )
    expect(prod.slice(1).map((r) => r[3])).toEqual(['flag search', 'flag checkout'])

    const since = await andon(['audit', '--since', String(changesFrom)])
    expect(
      rows(since.stdout)
        .slice(1)
        .map((r) => r[1]?.split(' ')[0]),
    ).toEqual(['pager', 'deploy-bot', 'deploy-bot', 'deploy-bot'])
    const until = await andon([
      'audit',
      '--until',
      new Date(changesFrom).toISOString(),
      '--actor',
      'deploy-bot',
    ])
    expect(until.stdout).toBe('No audit entries match.\n')
    const lastHour = await andon(['audit', '--since', '1h', '--actor', 'pager'])
    expect(rows(lastHour.stdout)).toHaveLength(2)

    const one = await andon(['audit', '-n', '1'])
    expect(rows(one.stdout)).toHaveLength(2)
    expect(rows(one.stdout)[1]?.[1]).toBe(`pager (token ${pagerId})`)
    expect(one.stderr).toMatch(/The newest 1 shown: --limit/)

    const json = JSON.parse((await andon(['--json', 'audit', '--actor', 'pager'])).stdout) as {
      entries: AuditEntry[]
    }
    expect(json.entries).toHaveLength(1)
    expect(json.entries[0]).toMatchObject({
      actor: 'pager',
      actorKind: 'token',
      actorId: pagerId,
      action: 'flag.config.update',
      environment: 'production',
      comment: 'errors up',
    })
  })

  it('exports JSON Lines, oldest first, byte for byte what the server sends', async () => {
    const out = await andon(['audit', 'export', '--actor', 'deploy-bot'])
    expect(out).toMatchObject({ code: 0, stderr: '' })
    expect(out.stdout.endsWith('\n')).toBe(true)
    const entries = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => [e.targetKey, e.environment])).toEqual([
      ['checkout', 'development'],
      ['checkout', 'production'],
      ['search', 'production'],
    ])
    expect(entries.every((e) => e.actor === 'deploy-bot' && e.actorKind === 'token')).toBe(true)

    const all = await andon(['audit', 'export'])
    const direct = await fetch(`${server.url}/api/v1/audit/export`, {
      headers: { Authorization: `Bearer ${server.secrets.admin}` },
    })
    expect(all.stdout).toBe(await direct.text())

    const filtered = await andon([
      'audit',
      'export',
      '--env',
      'production',
      '--since',
      String(changesFrom),
    ])
    expect(
      filtered.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as AuditEntry).actor),
    ).toEqual(['deploy-bot', 'deploy-bot', 'pager'])
  })

  it('refuses bad filters with one line, and a token it does not know', async () => {
    const cases: [string[], RegExp][] = [
      [['audit', '--since', 'yesterday'], /^andon: --since takes a date .*not yesterday\n$/],
      [
        ['audit', '--limit', '5000'],
        /^andon: --limit takes a whole number from 1 to 1000, not 5000\n$/,
      ],
      [['audit', 'export', '--until', 'later'], /^andon: --until takes a date .*not later\n$/],
      [['audit', 'export', '--limit', '3'], /unknown option '--limit'/],
    ]
    for (const [args, error] of cases) {
      const out = await andon(args)
      expect(out).toMatchObject({ code: 1, stdout: '' })
      expect(out.stderr).toMatch(error)
    }
    const stranger = await andon(['audit', 'export'], 'tok_not-a-token-at-all-000000')
    expect(stranger).toMatchObject({ code: 1, stdout: '' })
    expect(stranger.stderr).toMatch(/^andon: the token was refused/)
  })
})
