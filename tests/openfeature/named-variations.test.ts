/**
 * Named variations through the server, in process: the admin API takes and keeps names,
 * refuses bad and duplicate ones with 422 and the issue's path, SDK payloads carry them, and
 * OFREP reports the name as the variant (the index where a variation has none).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../../server/src/testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

const variations = [
  { name: 'control', value: 'blue' },
  'red',
  { name: 'treatment', value: 'green' },
]

describe('named variations on the server', () => {
  it('are created, kept and served to SDKs as they were written', async () => {
    const created = await h.call('POST', '/api/v1/flags', { body: { key: 'banner', variations } })
    expect(created.status).toBe(201)
    expect(created.json.variations).toEqual(variations)
    const config = await h.call('GET', '/api/v1/flags/banner/environments/production')
    expect(config.json.variations).toEqual(variations)
    const payload = await h.call('GET', '/sdk/v1/flags', { token: h.key('production', 'server') })
    expect(payload.json.flags.banner.variations).toEqual(variations)
  })

  it('refuses a name outside the rule, or one another variation has, with 422 and its path', async () => {
    const bad = await h.call('POST', '/api/v1/flags', {
      body: { key: 'a', variations: [{ name: 'has space', value: 1 }, 2] },
    })
    expect(bad.status).toBe(422)
    expect(bad.json.issues).toEqual([expect.objectContaining({ path: ['variations', 0, 'name'] })])
    await h.call('POST', '/api/v1/flags', { body: { key: 'b', variations } })
    const twice = await h.call('PATCH', '/api/v1/flags/b', {
      body: { variations: [...variations, { name: 'control', value: 'cyan' }] },
    })
    expect(twice.status).toBe(422)
    expect(twice.json.issues).toEqual([
      expect.objectContaining({ path: ['variations', 3, 'name'] }),
    ])
  })

  it('are OFREP variants, with the value alone as the value', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'banner', variations } })
    await h.call('PATCH', '/api/v1/flags/banner/environments/production', {
      body: {
        enabled: true,
        targets: [{ variation: 1, values: ['plain'] }],
        fallthrough: { variation: 2 },
      },
    })
    const evaluate = (key: string) =>
      h.call('POST', '/ofrep/v1/evaluate/flags/banner', {
        token: h.key('production', 'server'),
        body: { context: { targetingKey: key } },
      })
    expect((await evaluate('someone')).json).toMatchObject({
      key: 'banner',
      value: 'green',
      variant: 'treatment',
      reason: 'DEFAULT',
    })
    expect((await evaluate('plain')).json).toMatchObject({
      value: 'red',
      variant: '1',
      reason: 'TARGETING_MATCH',
    })
  })
})
