import { describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

async function withFlags() {
  const h = await createHarness()
  // A client-side flag on at 100 % for Sweden, and a server-side one.
  await h.call('POST', '/api/v1/flags', { body: { key: 'new-checkout', clientSide: true } })
  await h.call('PATCH', '/api/v1/flags/new-checkout/environments/production', {
    body: {
      enabled: true,
      rules: [
        {
          clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }],
          serve: { variation: 1 },
        },
      ],
      fallthrough: { variation: 0 },
    },
  })
  await h.call('POST', '/api/v1/flags', {
    body: { key: 'pricing', variations: ['a', 'b'], clientSide: false },
  })
  return h
}

const ofrep = (h: Harness, path: string, body: unknown, token: string | null, headers = {}) =>
  h.call('POST', `/ofrep/v1/evaluate/flags${path}`, { body, token, headers })

describe('OFREP', () => {
  it('evaluates one flag with the targeting key as Andon key, reason, variant and metadata', async () => {
    const h = await withFlags()
    const key = h.key('production', 'server')
    const res = await ofrep(
      h,
      '/new-checkout',
      { context: { targetingKey: 'u1', country: 'SE' } },
      key,
    )
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      key: 'new-checkout',
      value: true,
      reason: 'TARGETING_MATCH',
      variant: '1',
      metadata: { version: expect.any(Number), environment: 'production' },
    })
    const off = await ofrep(h, '/pricing', { context: { targetingKey: 'u1' } }, key)
    expect(off.json).toMatchObject({ key: 'pricing', value: 'a', reason: 'DISABLED', variant: '0' })
  })

  it('reports the fallthrough of a flag with nothing to target as STATIC, as the providers do', async () => {
    const h = await withFlags()
    const key = h.key('production', 'server')
    const patch = (flag: string, body: unknown) =>
      h.call('PATCH', `/api/v1/flags/${flag}/environments/production`, { body })
    // pricing: on, no prerequisite, target or rule. targeted: on, with one target value.
    await patch('pricing', { enabled: true, fallthrough: { variation: 1 } })
    await h.call('POST', '/api/v1/flags', { body: { key: 'targeted' } })
    await patch('targeted', { enabled: true, targets: [{ variation: 1, values: ['vip'] }] })
    const context = { context: { targetingKey: 'u5', country: 'NO' } }
    const single = await ofrep(h, '/pricing', context, key)
    expect(single.json).toMatchObject({
      key: 'pricing',
      value: 'b',
      reason: 'STATIC',
      variant: '1',
    })
    const bulk = await ofrep(h, '', context, key)
    expect(bulk.json.flags.map((f: { key: string; reason: string }) => [f.key, f.reason])).toEqual([
      ['new-checkout', 'DEFAULT'], // a rule that did not match
      ['pricing', 'STATIC'],
      ['targeted', 'DEFAULT'], // a target list without this key
    ])
    expect(
      (await ofrep(h, '/targeted', { context: { targetingKey: 'vip' } }, key)).json,
    ).toMatchObject({ reason: 'TARGETING_MATCH' })
  })

  it('takes the key as X-API-Key, answers 404 FLAG_NOT_FOUND and 400 for what is no context', async () => {
    const h = await withFlags()
    const key = h.key('production', 'server')
    const viaHeader = await ofrep(h, '/new-checkout', { context: {} }, null, { 'X-API-Key': key })
    expect(viaHeader.json).toMatchObject({ value: false, reason: 'DEFAULT' })
    const missing = await ofrep(h, '/nope', { context: {} }, key)
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual({
      key: 'nope',
      errorCode: 'FLAG_NOT_FOUND',
      errorDetails: "flag 'nope' was not found",
    })
    const bad = await ofrep(h, '/new-checkout', { context: [1] }, key)
    expect(bad.status).toBe(400)
    expect(bad.json).toMatchObject({ errorCode: 'INVALID_CONTEXT' })
    expect((await ofrep(h, '/new-checkout', { context: {} }, 'srv_not-a-key')).status).toBe(401)
  })

  it('takes targetingKey over a key attribute, nested attributes, and no context nested too deep', async () => {
    const h = await withFlags()
    const key = h.key('production', 'server')
    await h.call('POST', '/api/v1/flags', { body: { key: 'targeted' } })
    await h.call('PATCH', '/api/v1/flags/targeted/environments/production', {
      body: { enabled: true, targets: [{ variation: 1, values: ['vip'] }] },
    })
    const reason = async (context: unknown) =>
      (await ofrep(h, '/targeted', { context }, key)).json.reason as string
    expect(await reason({ key: 'u1', targetingKey: 'vip' })).toBe('TARGETING_MATCH')
    expect(await reason({ key: 'vip', targetingKey: 'u1' })).toBe('DEFAULT')
    expect(await reason({ targetingKey: 'vip', address: { city: 'Oslo', lines: ['1'] } })).toBe(
      'TARGETING_MATCH',
    )
    let deep: unknown = 'bottom'
    for (let i = 0; i < 40; i++) deep = { deeper: deep }
    const tooDeep = await ofrep(h, '/targeted', { context: { targetingKey: 'vip', deep } }, key)
    expect(tooDeep.status).toBe(400)
    expect(tooDeep.json).toEqual({
      key: 'targeted',
      errorCode: 'INVALID_CONTEXT',
      errorDetails: 'context is nested too deep',
    })
  })

  it('shows a client key only client-side flags, values and never rules', async () => {
    const h = await withFlags()
    const client = h.key('production', 'client')
    expect((await ofrep(h, '/pricing', { context: {} }, client)).status).toBe(404)
    const bulk = await ofrep(h, '', { context: { targetingKey: 'u2', country: 'SE' } }, client)
    expect(bulk.json.flags).toEqual([
      expect.objectContaining({ key: 'new-checkout', value: true, variant: '1' }),
    ])
    expect(bulk.text).not.toContain('clauses')
    // Quoted, so that a random key in the stream's address cannot match.
    expect(bulk.text).not.toContain('"SE"')
  })

  it('answers pages of any origin, errors included, and their preflights', async () => {
    const h = await withFlags()
    const cors = (res: { headers: Headers }) => [
      res.headers.get('access-control-allow-origin'),
      res.headers.get('access-control-expose-headers'),
    ]
    const ok = await ofrep(h, '', { context: {} }, h.key('production', 'client'))
    expect(cors(ok)).toEqual(['*', 'ETag'])
    const refused = await ofrep(h, '', { context: {} }, 'cli_not-a-key')
    expect(refused.status).toBe(401)
    expect(cors(refused)).toEqual(['*', 'ETag'])
    const preflight = await h.app.request('/ofrep/v1/evaluate/flags', {
      method: 'OPTIONS',
      headers: { Origin: 'http://page.example', 'Access-Control-Request-Method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'Authorization,X-API-Key,Content-Type,If-None-Match',
    )
  })

  it('answers bulk with an ETag of version and context, and 304 while neither changes', async () => {
    const h = await withFlags()
    const key = h.key('production', 'server')
    const context = { context: { targetingKey: 'u3' } }
    const first = await ofrep(h, '', context, key)
    expect(first.status).toBe(200)
    expect(first.json.flags.map((f: { key: string }) => f.key)).toEqual(['new-checkout', 'pricing'])
    const etag = first.headers.get('etag') as string
    expect((await ofrep(h, '', context, key, { 'If-None-Match': etag })).status).toBe(304)
    const other = await ofrep(h, '', { context: { targetingKey: 'u4' } }, key, {
      'If-None-Match': etag,
    })
    expect(other.status).toBe(200)
    await h.call('PATCH', '/api/v1/flags/pricing/environments/production', {
      body: { enabled: true },
    })
    expect((await ofrep(h, '', context, key, { 'If-None-Match': etag })).status).toBe(200)
  })
})
