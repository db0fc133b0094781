/**
 * The report against the real server process: a `matches` flag of `^(a+)+$`, previewed
 * with 41 `a`s and a `!`, used to hang the preview and then every request. Now the previews
 * answer, /healthz keeps answering while they run, and a Node SDK fed by this server answers
 * `isEnabled` for the same context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type AndonClient } from '@andon/sdk-node'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

let server: AndonServer
let client: AndonClient | undefined

const HOSTILE = ['a'.repeat(41) + '!', 'a'.repeat(1023) + '!']

beforeAll(async () => {
  server = await startAndonServer()
  await server.admin('POST', '/api/v1/flags', { key: 'redos' })
  await server.admin('PATCH', '/api/v1/flags/redos/environments/production', {
    enabled: true,
    rules: [
      {
        clauses: [{ attribute: 'path', op: 'matches', values: ['^(a+)+$', '(a|a)*b', '(a*)*b'] }],
        serve: { variation: 1 },
      },
    ],
    fallthrough: { variation: 0 },
  })
}, 120_000)

afterAll(async () => {
  await client?.close()
  await server?.stop()
})

const preview = (path: string) =>
  server.call('POST', '/api/v1/environments/production/evaluate', {
    flag: 'redos',
    context: { key: 'u', path },
  })

describe('a hostile matches pattern on the real server', () => {
  it('is saved, previewed at once, and /healthz answers all along', async () => {
    const answers = await Promise.all([
      ...HOSTILE.flatMap((path) => [preview(path), preview(path)]),
      fetch(`${server.url}/healthz`).then(async (res) => ({
        status: res.status,
        json: await res.json(),
      })),
    ])
    for (const answer of answers.slice(0, -1)) {
      expect(answer.status).toBe(200)
      expect(answer.json).toMatchObject({ value: false, reason: { kind: 'FALLTHROUGH' } })
    }
    expect(answers.at(-1)).toEqual({ status: 200, json: { ok: true, database: 'sqlite' } })
    expect((await preview('aaaa')).json).toMatchObject({
      value: true,
      reason: { kind: 'RULE_MATCH' },
    })
  })

  it('is answered by a Node SDK that streams from that server', async () => {
    client = createClient({
      baseUrl: server.url,
      sdkKey: server.secrets.keys['production server']!,
      sendEvents: false,
    })
    expect(await client.ready()).toBe(true)
    for (const path of HOSTILE) expect(client.isEnabled('redos', { key: 'u', path })).toBe(false)
    expect(client.isEnabled('redos', { key: 'u', path: 'aab' })).toBe(true)
  })
})
