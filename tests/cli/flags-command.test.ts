/**
 * The `andon` command as a pipeline runs it: the built bin in its own process, against a real
 * server, with its settings from the environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry, Flag } from '@andon/core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon } from '../support/andon-cli.js'

let server: AndonServer
let env: Record<string, string>

beforeAll(async () => {
  server = await startAndonServer()
  env = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin }
  await server.admin('POST', '/api/v1/flags', { key: 'new-checkout' })
})
afterAll(() => server?.stop())

const config = (flag: string, environment = 'production') =>
  server.admin<Flag>('GET', `/api/v1/flags/${flag}/environments/${environment}`)

describe('andon flags', () => {
  it('switches a flag on for a percentage, then kills it, each audited with its comment', async () => {
    const on = await runAndon(
      [
        'flags',
        'set',
        'new-checkout',
        '--env',
        'production',
        '--on',
        '--rollout',
        '25',
        '-m',
        'ramp 1',
      ],
      env,
    )
    expect(on).toMatchObject({ code: 0, stderr: '' })
    expect(on.stdout).toContain('on: 25 % true, 75 % false')
    const ramped = await config('new-checkout')
    expect(ramped.enabled).toBe(true)
    expect(ramped.fallthrough).toEqual({
      rollout: {
        variations: [
          { variation: 1, weight: 25_000 },
          { variation: 0, weight: 75_000 },
        ],
      },
    })

    const killed = await runAndon(['flags', 'kill', 'new-checkout', '--env', 'production'], env)
    expect(killed.code).toBe(0)
    expect((await config('new-checkout')).enabled).toBe(false)
    // The rollout stays, ready for the next switch-on.
    expect((await config('new-checkout')).fallthrough).toEqual(ramped.fallthrough)

    const audit = await server.admin<{ entries: AuditEntry[] }>(
      'GET',
      '/api/v1/audit?flag=new-checkout&environment=production&limit=2',
    )
    expect(audit.entries.map((e) => e.comment)).toEqual([null, 'ramp 1'])
  })

  it('lists flags with their state in an environment, as text and as JSON', async () => {
    const text = await runAndon(['flags', 'list', '--env', 'development'], env)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^KEY\s+DEVELOPMENT\n/)
    expect(text.stdout).toMatch(/new-checkout\s+off \(serves false\)/)
    const json = await runAndon(
      ['--json', 'flags', 'get', 'new-checkout', '--env', 'development'],
      env,
    )
    expect(JSON.parse(json.stdout)).toMatchObject({ key: 'new-checkout', enabled: false })
  })

  it('says what is wrong, on stderr, with a failing exit code', async () => {
    const unknown = await runAndon(['flags', 'get', 'no-such-flag', '--env', 'production'], env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/^andon: flag no-such-flag: .*not found/)

    const badToken = await runAndon(['flags', 'list'], { ...env, ANDON_TOKEN: 'adm_not-a-token' })
    expect(badToken.code).toBe(1)
    expect(badToken.stderr).toMatch(/token was refused.*ANDON_TOKEN/)

    const away = await runAndon(['flags', 'list'], { ...env, ANDON_URL: 'http://127.0.0.1:9' })
    expect(away.code).toBe(1)
    expect(away.stderr).toMatch(/cannot reach Andon at http:\/\/127\.0\.0\.1:9/)

    const noToken = await runAndon(['flags', 'list'], { ANDON_URL: server.url })
    expect(noToken.stderr).toMatch(/no token: set ANDON_TOKEN/)

    const refused = await runAndon(
      ['flags', 'set', 'new-checkout', '--env', 'production', '--rollout', '120'],
      env,
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/percentage from 0 to 100/)
    expect(refused.stdout).toBe('')
  })

  it('has help on every command', async () => {
    for (const args of [[], ['flags'], ['flags', 'set']]) {
      const help = await runAndon([...args, '--help'], {})
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(/^Usage: andon/)
    }
  })
})
