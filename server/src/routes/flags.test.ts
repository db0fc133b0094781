import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

const newFlag = (body: Record<string, unknown>) => h.call('POST', '/api/v1/flags', { body })
const patchConfig = (key: string, env: string, body: unknown, headers?: Record<string, string>) =>
  h.call('PATCH', `/api/v1/flags/${key}/environments/${env}`, { body, headers })

describe('flags', () => {
  it('creates a flag in every environment, off, serving its last variation when on', async () => {
    const created = await newFlag({ key: 'checkout', variations: ['a', 'b', 'c'], tags: ['web'] })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      key: 'checkout',
      name: 'checkout',
      clientSide: false,
      tags: ['web'],
    })
    for (const env of ['development', 'production']) {
      const res = await h.call('GET', `/api/v1/flags/checkout/environments/${env}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('ETag')).toBe('"1"')
      expect(res.json).toEqual({
        key: 'checkout',
        version: 1,
        enabled: false,
        variations: ['a', 'b', 'c'],
        offVariation: 0,
        prerequisites: [],
        targets: [],
        rules: [],
        fallthrough: { variation: 2 },
      })
    }
  })

  it('defaults variations to [false, true] and refuses a duplicate key with 409', async () => {
    expect((await newFlag({ key: 'beta' })).json.variations).toEqual([false, true])
    expect((await newFlag({ key: 'beta' })).status).toBe(409)
  })

  it('refuses a key outside the spec format with 422 and the issue path', async () => {
    const res = await newFlag({ key: '-bad key' })
    expect(res.status).toBe(422)
    expect(res.json.issues[0].path).toEqual(['key'])
  })

  it('switches a flag on and off and bumps its version each time', async () => {
    await newFlag({ key: 'kill-me' })
    const on = await patchConfig('kill-me', 'production', { enabled: true })
    expect(on.status).toBe(200)
    expect(on.json).toMatchObject({ enabled: true, version: 2 })
    const off = await patchConfig('kill-me', 'production', { enabled: false })
    expect(off.json).toMatchObject({ enabled: false, version: 3 })
    expect(off.headers.get('ETag')).toBe('"3"')
    const dev = await h.call('GET', '/api/v1/flags/kill-me/environments/development')
    expect(dev.json.version).toBe(1)
  })

  it('answers a stale If-Match with 412 and changes nothing', async () => {
    await newFlag({ key: 'guarded' })
    await patchConfig('guarded', 'production', { enabled: true })
    const stale = await patchConfig(
      'guarded',
      'production',
      { enabled: false },
      { 'If-Match': '"1"' },
    )
    expect(stale.status).toBe(412)
    const now = await h.call('GET', '/api/v1/flags/guarded/environments/production')
    expect(now.json).toMatchObject({ enabled: true, version: 2 })
    const fresh = await patchConfig(
      'guarded',
      'production',
      { enabled: false },
      { 'If-Match': '2' },
    )
    expect(fresh.status).toBe(200)
  })

  it.each([
    [{ fallthrough: { variation: 2 } }, ['fallthrough', 'variation']],
    [
      { fallthrough: { rollout: { variations: [{ variation: 1, weight: 60000 }] } } },
      ['fallthrough', 'rollout', 'variations'],
    ],
    [{ prerequisites: [{ key: 'nope', variation: 1 }] }, ['prerequisites', 0, 'key']],
    [
      {
        rules: [
          {
            clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['ghosts'] }],
            serve: { variation: 1 },
          },
        ],
      },
      ['rules', 0, 'clauses', 0, 'values', 0],
    ],
    [
      {
        rules: [
          {
            clauses: [{ attribute: 'email', op: 'matches', values: ['a'.repeat(513)] }],
            serve: { variation: 1 },
          },
        ],
      },
      ['rules', 0, 'clauses', 0, 'values', 0],
    ],
    [
      {
        rules: [
          {
            clauses: [{ attribute: 'email', op: 'matches', values: ['(unclosed'] }],
            serve: { variation: 1 },
          },
        ],
      },
      ['rules', 0, 'clauses', 0, 'values', 0],
    ],
    [{ enable: false }, []],
    [{}, []],
  ])('refuses the config %j with 422 at %j', async (body, path) => {
    await newFlag({ key: 'f' })
    const res = await patchConfig('f', 'production', body)
    expect(res.status).toBe(422)
    expect(res.json.issues.map((i: { path: unknown }) => i.path)).toContainEqual(path)
    expect((await h.call('GET', '/api/v1/flags/f/environments/production')).json.version).toBe(1)
  })

  it('refuses a prerequisite cycle and a flag that requires itself', async () => {
    await newFlag({ key: 'a' })
    await newFlag({ key: 'b' })
    await newFlag({ key: 'c' })
    expect(
      (await patchConfig('a', 'production', { prerequisites: [{ key: 'b', variation: 1 }] }))
        .status,
    ).toBe(200)
    expect(
      (await patchConfig('b', 'production', { prerequisites: [{ key: 'c', variation: 1 }] }))
        .status,
    ).toBe(200)
    const cycle = await patchConfig('c', 'production', {
      prerequisites: [{ key: 'a', variation: 1 }],
    })
    expect(cycle.status).toBe(422)
    expect(cycle.json.issues[0].message).toMatch(/cycle/)
    const self = await patchConfig('c', 'production', {
      prerequisites: [{ key: 'c', variation: 1 }],
    })
    expect(self.status).toBe(422)
    // The same edge is fine where it closes no cycle.
    expect(
      (await patchConfig('c', 'development', { prerequisites: [{ key: 'a', variation: 1 }] }))
        .status,
    ).toBe(200)
  })

  it('archives a flag: gone from the API and from every payload', async () => {
    await newFlag({ key: 'old' })
    expect((await h.call('DELETE', '/api/v1/flags/old')).status).toBe(204)
    expect((await h.call('GET', '/api/v1/flags/old')).status).toBe(404)
    expect((await h.call('GET', '/api/v1/flags/old/environments/production')).status).toBe(404)
    const payload = await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'server') })
    expect(Object.keys(payload.json.flags)).toEqual([])
    expect((await h.call('GET', '/api/v1/flags')).json.flags).toEqual([])
  })

  it('refuses to archive a flag that another flag requires', async () => {
    await newFlag({ key: 'base' })
    await newFlag({ key: 'child' })
    await patchConfig('child', 'development', { prerequisites: [{ key: 'base', variation: 1 }] })
    const res = await h.call('DELETE', '/api/v1/flags/base')
    expect(res.status).toBe(409)
    expect(res.json.error).toContain('child (development)')
  })

  it('changes metadata and refuses variations that configs still point past', async () => {
    await newFlag({ key: 'm', variations: ['x', 'y', 'z'] })
    const renamed = await h.call('PATCH', '/api/v1/flags/m', {
      body: { name: 'Menu', clientSide: true },
    })
    expect(renamed.json).toMatchObject({ name: 'Menu', clientSide: true })
    const shrink = await h.call('PATCH', '/api/v1/flags/m', { body: { variations: ['x'] } })
    expect(shrink.status).toBe(422)
    await patchConfig('m', 'production', { fallthrough: { variation: 0 } })
    await patchConfig('m', 'development', { fallthrough: { variation: 0 } })
    await newFlag({ key: 'needs-z' })
    await patchConfig('needs-z', 'production', { prerequisites: [{ key: 'm', variation: 2 }] })
    const required = await h.call('PATCH', '/api/v1/flags/m', { body: { variations: ['x', 'y'] } })
    expect(required.status).toBe(422)
    expect(required.json.issues[0].message).toContain('needs-z (production)')
    expect((await h.call('GET', '/api/v1/flags/m')).json.variations).toEqual(['x', 'y', 'z'])
  })

  it('gives a new environment every live flag, off', async () => {
    await newFlag({ key: 'early' })
    const env = await h.call('POST', '/api/v1/environments', { body: { key: 'staging' } })
    expect(env.status).toBe(201)
    expect(env.json).toMatchObject({ key: 'staging', name: 'staging' })
    const cfg = await h.call('GET', '/api/v1/flags/early/environments/staging')
    expect(cfg.json).toMatchObject({
      enabled: false,
      offVariation: 0,
      fallthrough: { variation: 1 },
    })
    expect(
      (await h.call('POST', '/api/v1/environments', { body: { key: 'staging' } })).status,
    ).toBe(409)
  })

  it('keeps client-side flags evaluable by client keys: their prerequisites are client-side too', async () => {
    await newFlag({ key: 'web', clientSide: true })
    await newFlag({ key: 'server-only' })
    await newFlag({ key: 'web-base', clientSide: true })
    const hidden = await patchConfig('web', 'production', {
      prerequisites: [{ key: 'server-only', variation: 1 }],
    })
    expect(hidden.status).toBe(422)
    expect(hidden.json.issues[0].message).toMatch(/not client-side/)
    await patchConfig('web', 'production', { prerequisites: [{ key: 'web-base', variation: 1 }] })
    const hide = await h.call('PATCH', '/api/v1/flags/web-base', { body: { clientSide: false } })
    expect(hide.status).toBe(409)
    await patchConfig('server-only', 'development', {
      prerequisites: [{ key: 'web-base', variation: 1 }],
    })
    await newFlag({ key: 'leaf' })
    await patchConfig('leaf', 'development', {
      prerequisites: [{ key: 'server-only', variation: 0 }],
    })
    const show = await h.call('PATCH', '/api/v1/flags/leaf', { body: { clientSide: true } })
    expect(show.status).toBe(422)
    expect(show.json.issues[0].message).toContain('server-only (development)')
  })

  it("keeps a config change's comment, trimmed, in its audit entry and not in the config", async () => {
    await newFlag({ key: 'ramp' })
    const res = await patchConfig('ramp', 'production', {
      enabled: true,
      comment: '  after the load test\n',
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ key: 'ramp', enabled: true })
    expect(res.json).not.toHaveProperty('comment')
    const config = await h.call('GET', '/api/v1/flags/ramp/environments/production')
    expect(config.json).not.toHaveProperty('comment')
    const audit = await h.call('GET', '/api/v1/audit?flag=ramp&limit=1')
    expect(audit.json.entries[0]).toMatchObject({
      environment: 'production',
      comment: 'after the load test',
    })
    expect(audit.json.entries[0].after).not.toHaveProperty('comment')
  })

  it('refuses a comment alone, an empty one and one over 500 characters with 422', async () => {
    await newFlag({ key: 'quiet' })
    const alone = await patchConfig('quiet', 'production', { comment: 'why not' })
    expect(alone.status).toBe(422)
    expect(alone.json.issues).toEqual([{ path: [], message: 'nothing to change' }])
    const blank = await patchConfig('quiet', 'production', { enabled: true, comment: '   ' })
    expect(blank.status).toBe(422)
    expect(blank.json.issues[0].path).toEqual(['comment'])
    const long = await patchConfig('quiet', 'production', {
      enabled: true,
      comment: 'x'.repeat(501),
    })
    expect(long.status).toBe(422)
    expect(long.json.issues[0].path).toEqual(['comment'])
    const fits = await patchConfig('quiet', 'production', {
      enabled: true,
      comment: 'x'.repeat(500),
    })
    expect(fits.status).toBe(200)
  })

  it('refuses bodies over the size limit with 413', async () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `user-${i}-${'x'.repeat(1000)}`)
    await newFlag({ key: 'huge' })
    const res = await patchConfig('huge', 'production', { targets: [{ variation: 1, values }] })
    expect(res.status).toBe(413)
  })
})
