import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

const nested = (depth: number, inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth)

/** A POST of raw JSON text with the admin token. */
async function postText(path: string, text: string) {
  const res = await h.app.request(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.admin}`, 'Content-Type': 'application/json' },
    body: text,
  })
  return { status: res.status, json: (await res.json()) as { error: string; issues?: unknown[] } }
}

describe('validation of deep bodies', () => {
  it('refuses a variation nested past 32 levels with 422 at its path', async () => {
    const res = await postText(
      '/api/v1/flags',
      `{"key":"deep","variations":[0,${nested(33, '1')}]}`,
    )
    expect(res.status).toBe(422)
    expect(res.json.issues).toEqual([
      {
        path: ['variations', 1],
        message: 'nested too deep: at most 32 levels of arrays and objects',
      },
    ])
  })

  it('refuses variations nested 2,000 deep with 422, where zod would overflow', async () => {
    const res = await postText(
      '/api/v1/flags',
      `{"key":"deep","variations":[${nested(2000, '1')}]}`,
    )
    expect(res.status).toBe(422)
    expect(res.json.issues).toEqual([
      { path: [], message: 'nested too deep: at most 64 levels of arrays and objects' },
    ])
    expect(h.errors).toEqual([])
  })

  it('refuses a body nested 100,000 deep with 422 and a malformed one with 400', async () => {
    const deep = await postText('/api/v1/environments/production/evaluate', nested(100_000, ''))
    expect(deep.status).toBe(422)
    const malformed = await postText('/api/v1/flags', '{"key":')
    expect(malformed.status).toBe(400)
    expect(h.errors).toEqual([])
  })

  it('still takes a variation nested exactly 32 levels', async () => {
    const res = await postText('/api/v1/flags', `{"key":"ok","variations":[0,${nested(32, '1')}]}`)
    expect(res.status).toBe(201)
  })
})

describe('body limits', () => {
  it('answers 413 from Content-Length alone, and closes the connection', async () => {
    const res = await h.app.request('/api/v1/flags', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${h.admin}`,
        'Content-Type': 'application/json',
        'Content-Length': String(1024 * 1024 + 1),
      },
      body: '{"key":"x"}',
    })
    expect(res.status).toBe(413)
    expect(res.headers.get('Connection')).toBe('close')
  })

  it('lets SDK bodies be larger than admin bodies', async () => {
    const big = JSON.stringify({ id: 'x'.repeat(2 * 1024 * 1024) })
    const headers = { 'Content-Type': 'application/json' }
    const admin = await h.app.request('/api/v1/flags', {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${h.admin}` },
      body: big,
    })
    expect(admin.status).toBe(413)
    const sdk = await h.app.request('/sdk/v1/events', {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${h.key('production', 'server')}` },
      body: big,
    })
    expect(sdk.status).toBe(422)
  })
})
