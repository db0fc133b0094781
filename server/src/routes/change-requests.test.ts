import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { addMember, signIn, type SignedIn } from '../testing/session-client.js'

let h: Harness
let alice: SignedIn
let bob: SignedIn
let viewer: SignedIn
const PASSWORD = 'correct horse battery'
const config = '/api/v1/flags/checkout/environments/production'
const requests = '/api/v1/environments/production/change-requests'

beforeEach(async () => {
  h = await createHarness()
  const editor = { production: 'editor' }
  await addMember(h, { email: 'alice@example.com', password: PASSWORD, roles: editor })
  await addMember(h, { email: 'bob@example.com', password: PASSWORD, roles: editor })
  await addMember(h, { email: 'vic@example.com', password: PASSWORD })
  alice = await signIn(h, { email: 'alice@example.com', password: PASSWORD })
  bob = await signIn(h, { email: 'bob@example.com', password: PASSWORD })
  viewer = await signIn(h, { email: 'vic@example.com', password: PASSWORD })
  await h.call('POST', '/api/v1/flags', { body: { key: 'checkout' } })
  const on = await h.call('PATCH', '/api/v1/environments/production', {
    body: { requireApproval: true },
  })
  expect(on.json.requireApproval).toBe(true)
})

const enabled = async () => (await h.call('GET', config)).json.enabled as boolean

describe('change requests', () => {
  it("wait for another editor's approval, then apply under both names", async () => {
    const asked = await alice.call('PATCH', config, {
      body: { enabled: true, comment: 'launch' },
      headers: { 'If-Match': '"1"' },
    })
    expect(asked.status).toBe(202)
    const request = asked.json.changeRequest
    expect(request).toMatchObject({
      environment: 'production',
      flag: 'checkout',
      status: 'open',
      change: { enabled: true, comment: 'launch' },
      baseVersion: 1,
      author: { kind: 'member', name: 'alice@example.com' },
      reviewer: null,
    })
    expect(await enabled()).toBe(false)
    const open = await viewer.call('GET', `${requests}?status=open`)
    expect(open.json.changeRequests.map((r: { id: number }) => r.id)).toEqual([request.id])

    const own = await alice.call('POST', `${requests}/${request.id}/approve`)
    expect(own.status).toBe(403)
    const byViewer = await viewer.call('POST', `${requests}/${request.id}/approve`)
    expect(byViewer.status).toBe(403)
    expect(byViewer.json.needs).toEqual({ role: 'editor', environment: 'production' })
    expect(await enabled()).toBe(false)

    const approved = await bob.call('POST', `${requests}/${request.id}/approve`)
    expect(approved.status).toBe(200)
    expect(approved.json.changeRequest).toMatchObject({
      status: 'applied',
      reviewer: { kind: 'member', name: 'bob@example.com' },
    })
    expect(await enabled()).toBe(true)
    expect((await bob.call('POST', `${requests}/${request.id}/approve`)).status).toBe(409)

    const audit = (await h.call('GET', '/api/v1/audit?flag=checkout&environment=production')).json
      .entries as { action: string; actor: string; comment: string | null }[]
    expect(audit.slice(0, 3).map((e) => [e.action, e.actor])).toEqual([
      ['flag.config.update', 'bob@example.com'],
      ['change-request.applied', 'bob@example.com'],
      ['change-request.create', 'alice@example.com'],
    ])
    expect(audit[0]?.comment).toBe(`change request #${request.id} by alice@example.com: launch`)
  })

  it('never hold back switching a flag off', async () => {
    const asked = await alice.call('PATCH', config, { body: { enabled: true } })
    await bob.call('POST', `${requests}/${asked.json.changeRequest.id}/approve`)
    expect(await enabled()).toBe(true)
    const off = await viewer.call('PATCH', config, { body: { enabled: false, comment: 'errors' } })
    expect(off.status).toBe(200)
    expect(await enabled()).toBe(false)
  })

  it('can be rejected with a reason, or withdrawn by their author only', async () => {
    const one = (await alice.call('PATCH', config, { body: { enabled: true } })).json.changeRequest
    const rejected = await bob.call('POST', `${requests}/${one.id}/reject`, {
      body: { reason: 'not during the freeze' },
    })
    expect(rejected.json.changeRequest).toMatchObject({
      status: 'rejected',
      reason: 'not during the freeze',
    })
    expect((await bob.call('POST', `${requests}/${one.id}/approve`)).status).toBe(409)

    const two = (await alice.call('PATCH', config, { body: { enabled: true } })).json.changeRequest
    expect((await bob.call('DELETE', `${requests}/${two.id}`)).status).toBe(403)
    expect((await alice.call('DELETE', `${requests}/${two.id}`)).status).toBe(204)
    const all = (await h.call('GET', requests)).json.changeRequests as { status: string }[]
    expect(all.map((r) => r.status)).toEqual(['withdrawn', 'rejected'])
    expect(await enabled()).toBe(false)
  })

  it('refuse a stale If-Match at once, and fail, saying why, when the flag went meanwhile', async () => {
    const stale = await alice.call('PATCH', config, {
      body: { enabled: true },
      headers: { 'If-Match': '"7"' },
    })
    expect(stale.status).toBe(412)
    const asked = (await alice.call('PATCH', config, { body: { enabled: true } })).json
      .changeRequest
    expect((await h.call('DELETE', '/api/v1/flags/checkout')).status).toBe(204)
    const approved = await bob.call('POST', `${requests}/${asked.id}/approve`)
    expect(approved.status).toBe(404)
    const after = (await h.call('GET', requests)).json.changeRequests[0]
    expect(after).toMatchObject({ status: 'failed', reviewer: { name: 'bob@example.com' } })
    expect(after.reason).toMatch(/not found/)
  })

  it('apply to tokens too, and not in environments that do not require approval', async () => {
    const dev = await alice.call('PATCH', '/api/v1/flags/checkout/environments/development', {
      body: { enabled: true },
    })
    expect(dev.status).toBe(403) // alice edits production only
    const token = (
      await h.call('POST', '/api/v1/tokens', {
        body: { name: 'pipeline', scopes: ['write:production', 'write:development'] },
      })
    ).json.token as string
    const devByToken = await h.call('PATCH', '/api/v1/flags/checkout/environments/development', {
      token,
      body: { enabled: true },
    })
    expect(devByToken.status).toBe(200)
    const prodByToken = await h.call('PATCH', config, { token, body: { enabled: true } })
    expect(prodByToken.status).toBe(202)
    expect(prodByToken.json.changeRequest.author).toMatchObject({ kind: 'token', name: 'pipeline' })
  })
})
