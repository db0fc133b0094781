import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

const patchEnv = (env: string, body: unknown) =>
  h.call('PATCH', `/api/v1/environments/${env}`, { body })

describe('environments', () => {
  it('creates an environment critical or not, production critical by default', async () => {
    const qa = await h.call('POST', '/api/v1/environments', { body: { key: 'qa', critical: true } })
    expect(qa.status).toBe(201)
    expect(qa.json).toMatchObject({ key: 'qa', name: 'qa', critical: true, createdAt: h.clock.now })
    expect(Object.keys(qa.json).sort()).toEqual([
      'createdAt',
      'critical',
      'key',
      'name',
      'requireApproval',
      'version',
    ])
    const list = await h.call('GET', '/api/v1/environments')
    const critical = Object.fromEntries(
      (list.json.environments as { key: string; critical: boolean }[]).map((e) => [
        e.key,
        e.critical,
      ]),
    )
    expect(critical).toEqual({ development: false, production: true, qa: true })
  })

  it('changes the name and whether an environment is critical with PATCH', async () => {
    const res = await patchEnv('production', { name: 'Live', critical: false })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ key: 'production', name: 'Live', critical: false })
    expect(res.json).not.toHaveProperty('id')
    const listed = await h.call('GET', '/api/v1/environments')
    expect(listed.json.environments).toContainEqual(res.json)
    const audit = await h.call('GET', '/api/v1/audit?environment=production&limit=1')
    expect(audit.json.entries[0]).toMatchObject({ actor: 'admin', comment: null })
  })

  it('answers 404 for an unknown environment and 422 for an empty or foreign patch', async () => {
    expect((await patchEnv('nowhere', { critical: true })).status).toBe(404)
    const empty = await patchEnv('production', {})
    expect(empty.status).toBe(422)
    expect(empty.json).toEqual({
      error: 'invalid body',
      issues: [{ path: [], message: 'nothing to change' }],
    })
    const foreign = await patchEnv('production', { key: 'other' })
    expect(foreign.status).toBe(422)
    expect(foreign.json.issues[0].message).toMatch(/unrecognized key/i)
    expect((await patchEnv('production', { critical: 'yes' })).status).toBe(422)
  })
})
