import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness
const base = '/api/v1/environments/production/segments'

beforeEach(async () => {
  h = await createHarness()
})

describe('segments', () => {
  it('creates, reads, changes and deletes a segment, bumping its version', async () => {
    const created = await h.call('POST', base, { body: { key: 'beta', included: ['u1'] } })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ key: 'beta', version: 1, included: ['u1'], excluded: [] })
    const changed = await h.call('PATCH', `${base}/beta`, {
      body: { excluded: ['u2'] },
      headers: { 'If-Match': '"1"' },
    })
    expect(changed.json).toMatchObject({ version: 2, included: ['u1'], excluded: ['u2'] })
    const stale = await h.call('PATCH', `${base}/beta`, {
      body: { excluded: [] },
      headers: { 'If-Match': '"1"' },
    })
    expect(stale.status).toBe(412)
    expect((await h.call('GET', `${base}/beta`)).headers.get('ETag')).toBe('"2"')
    expect((await h.call('DELETE', `${base}/beta`)).status).toBe(204)
    expect((await h.call('GET', `${base}/beta`)).status).toBe(404)
    // A re-created segment continues past the version its delete carried.
    const again = await h.call('POST', base, { body: { key: 'beta' } })
    expect(again.json.version).toBe(4)
  })

  it('refuses to delete a segment that a flag uses, and a duplicate with 409', async () => {
    await h.call('POST', base, { body: { key: 'staff' } })
    expect((await h.call('POST', base, { body: { key: 'staff' } })).status).toBe(409)
    await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
    await h.call('PATCH', '/api/v1/flags/f/environments/production', {
      body: {
        rules: [
          {
            clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['staff'] }],
            serve: { variation: 1 },
          },
        ],
      },
    })
    const res = await h.call('DELETE', `${base}/staff`)
    expect(res.status).toBe(409)
    expect(res.json.error).toContain('f')
  })

  it('answers 404 for an unknown environment and 422 for a bad rule', async () => {
    expect((await h.call('GET', '/api/v1/environments/nowhere/segments')).status).toBe(404)
    const bad = await h.call('POST', base, {
      body: { key: 's', rules: [{ clauses: [{ attribute: 'age', op: 'lt', values: ['ten'] }] }] },
    })
    expect(bad.status).toBe(422)
    expect(bad.json.issues[0].path).toEqual(['rules', 0, 'clauses', 0, 'values', 0])
  })
})

describe('the audit log', () => {
  it('records actor, action, target, environment, before and after, newest first', async () => {
    await h.call('POST', '/api/v1/flags', { body: { key: 'audited' } })
    await h.call('PATCH', '/api/v1/flags/audited/environments/production', {
      body: { enabled: true },
    })
    const res = await h.call('GET', '/api/v1/audit?flag=audited')
    expect(res.json.entries.map((e: { action: string }) => e.action)).toEqual([
      'flag.config.update',
      'flag.create',
    ])
    const [update] = res.json.entries
    expect(update).toMatchObject({
      actor: 'admin',
      targetKind: 'flag',
      targetKey: 'audited',
      environment: 'production',
      before: { enabled: false, version: 1 },
      after: { enabled: true, version: 2 },
    })
    const page = await h.call('GET', `/api/v1/audit?limit=1&before=${update.id}`)
    expect(page.json.entries).toHaveLength(1)
    expect(page.json.entries[0].action).toBe('flag.create')
    expect((await h.call('GET', '/api/v1/audit?limit=0')).status).toBe(422)
    const unfiltered = await h.call('GET', '/api/v1/audit?flag=&environment=&limit=2')
    expect(unfiltered.json.entries.map((e: { action: string }) => e.action)).toEqual([
      'flag.config.update',
      'flag.create',
    ])
  })

  it('writes nothing, not even an audit entry, when a write is refused', async () => {
    const before = (await h.call('GET', '/api/v1/audit?limit=1000')).json.entries.length
    await h.call('POST', '/api/v1/flags', { body: { key: 'x' } })
    await h.call('PATCH', '/api/v1/flags/x/environments/production', {
      body: { fallthrough: { variation: 9 } },
    })
    const after = (await h.call('GET', '/api/v1/audit?limit=1000')).json.entries.length
    expect(after).toBe(before + 1)
  })
})
