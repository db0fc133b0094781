import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness
/** A pipeline's token, beside the seeded `admin`. */
let ci: { token: string; id: number }

beforeEach(async () => {
  h = await createHarness()
  const res = await h.call('POST', '/api/v1/tokens', {
    body: { name: 'ci-pipeline', scopes: ['write:development', 'write:production'] },
  })
  ci = { token: res.json.token, id: res.json.id }
})

interface Entry {
  id: number
  at: number
  actor: string
  actorKind: string
  actorId: string | null
  action: string
  targetKey: string
  environment: string | null
}

const entries = async (query: string) => {
  const res = await h.call('GET', `/api/v1/audit?${query}`)
  expect(res.status, res.text).toBe(200)
  return res.json.entries as Entry[]
}
const what = (list: Entry[]) => list.map((e) => `${e.actor} ${e.action} ${e.targetKey}`)

/** At t0 admin creates `a`; at t0+1s ci creates `b`; at t0+2s ci switches `a` on in production. */
async function history() {
  const t0 = h.clock.now
  await h.call('POST', '/api/v1/flags', { body: { key: 'a' } })
  h.clock.now = t0 + 1000
  await h.call('POST', '/api/v1/flags', { token: ci.token, body: { key: 'b' } })
  h.clock.now = t0 + 2000
  await h.call('PATCH', '/api/v1/flags/a/environments/production', {
    token: ci.token,
    body: { enabled: true },
  })
  return t0
}

describe('the audit log', () => {
  it('names the token behind each change with its kind and id', async () => {
    await history()
    const [last] = await entries('limit=1')
    expect(last).toMatchObject({
      actor: 'ci-pipeline',
      actorKind: 'token',
      actorId: String(ci.id),
      action: 'flag.config.update',
      environment: 'production',
    })
  })

  it('filters by actor, actor id, flag, environment and time, together', async () => {
    const t0 = await history()
    expect(what(await entries('actor=ci-pipeline'))).toEqual([
      'ci-pipeline flag.config.update a',
      'ci-pipeline flag.create b',
    ])
    expect(what(await entries(`actorKind=token&actorId=${ci.id}&flag=a`))).toEqual([
      'ci-pipeline flag.config.update a',
    ])
    expect(what(await entries('actor=admin&flag=a'))).toEqual(['admin flag.create a'])
    expect(what(await entries('environment=production&actor=ci-pipeline'))).toEqual([
      'ci-pipeline flag.config.update a',
    ])
    expect(what(await entries(`since=${t0 + 1000}&until=${t0 + 2000}`))).toEqual([
      'ci-pipeline flag.create b',
    ])
    const iso = (ms: number) => new Date(ms).toISOString()
    expect(what(await entries(`since=${iso(t0 + 1000)}&actor=`))).toEqual([
      'ci-pipeline flag.config.update a',
      'ci-pipeline flag.create b',
    ])
    expect(await entries('actor=nobody')).toEqual([])
  })

  it('answers 422 for a time that is not one, and an unknown actor kind', async () => {
    for (const query of ['since=yesterday', 'until=-5', 'actorKind=robot', 'since=2026-13-01']) {
      const res = await h.call('GET', `/api/v1/audit?${query}`)
      expect(res.status, query).toBe(422)
      expect(res.json.issues.length, query).toBeGreaterThan(0)
    }
  })

  it('exports the entries the filters keep as JSON Lines, oldest first', async () => {
    await history()
    const res = await h.call('GET', '/api/v1/audit/export?actor=ci-pipeline')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/x-ndjson; charset=utf-8')
    expect(res.text.endsWith('\n')).toBe(true)
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Entry)
    expect(what(lines)).toEqual(['ci-pipeline flag.create b', 'ci-pipeline flag.config.update a'])
    expect(lines).toEqual((await entries('actor=ci-pipeline')).reverse())
    const none = await h.call('GET', '/api/v1/audit/export?actor=nobody')
    expect(none.status).toBe(200)
    expect(none.text).toBe('')
  })

  it('exports a log longer than a page whole, each entry once', async () => {
    const before = (await entries('limit=1000')).length
    for (let i = 0; i < 520; i++) {
      await h.call('POST', '/api/v1/environments/development/segments', {
        token: ci.token,
        body: { key: `s${i}` },
      })
    }
    const res = await h.call('GET', '/api/v1/audit/export')
    const ids = res.text
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as Entry).id)
    expect(ids.length).toBe(before + 520)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('refuses the export without a token', async () => {
    expect((await h.call('GET', '/api/v1/audit/export', { token: null })).status).toBe(401)
  })
})
