import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { releasedFlag } from '../testing/guard-fixtures.js'

let h: Harness
let hook: string

beforeEach(async () => {
  h = await createHarness()
  await releasedFlag(h, 'checkout')
  const res = await h.call('POST', '/api/v1/environments/production/keys', {
    body: { kind: 'hook', name: 'alertmanager prod' },
  })
  hook = res.json.key
})

const alert = (status: string, labels: Record<string, string>) => ({
  status,
  labels: { alertname: 'CheckoutErrors', ...labels },
  annotations: { summary: 'checkout errors above 5 %' },
  startsAt: '2027-01-15T10:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus/graph',
  fingerprint: 'a1b2c3',
})
const payload = (...alerts: unknown[]) => ({
  version: '4',
  groupKey: '{}:{alertname="CheckoutErrors"}',
  status: 'firing',
  receiver: 'andon',
  groupLabels: {},
  commonLabels: {},
  externalURL: 'http://alertmanager',
  alerts,
})
const send = (body: unknown, token: string | null = hook) =>
  h.call('POST', '/hooks/v1/alertmanager', { body, token })
const enabled = async (env = 'production') =>
  (await h.call('GET', `/api/v1/flags/checkout/environments/${env}`)).json.enabled
const target = { andon_flag: 'checkout', andon_environment: 'production' }

describe('POST /hooks/v1/alertmanager', () => {
  it('switches the flag of a firing alert off, by alertmanager, the alert in the audit entry', async () => {
    const res = await send(payload(alert('firing', target)))
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      environment: 'production',
      alerts: [{ flag: 'checkout', outcome: 'disabled' }],
    })
    expect(await enabled()).toBe(false)
    const [entry] = (await h.call('GET', '/api/v1/audit?flag=checkout')).json.entries
    expect(entry).toMatchObject({ actor: 'alertmanager', environment: 'production' })
    expect(entry.after.enabled).toBe(false)
    expect(entry.after.detail.alert).toEqual({
      status: 'firing',
      labels: { alertname: 'CheckoutErrors', ...target },
      annotations: { summary: 'checkout errors above 5 %' },
      startsAt: '2027-01-15T10:00:00Z',
      fingerprint: 'a1b2c3',
      generatorURL: 'http://prometheus/graph',
    })
    expect(h.webhooks.map((w) => [w.action, w.flag])).toEqual([['alertmanager', 'checkout']])
    expect(h.webhooks[0]?.text).toContain('CheckoutErrors fired')
  })

  it('says already-off for a flag that is off, and unknown-flag for one that does not exist', async () => {
    await send(payload(alert('firing', target)))
    const res = await send(
      payload(alert('firing', target), alert('firing', { ...target, andon_flag: 'ghost' })),
    )
    expect(res.json.alerts).toEqual([
      { flag: 'checkout', outcome: 'already-off' },
      { flag: 'ghost', outcome: 'unknown-flag' },
    ])
  })

  it('ignores resolved alerts, alerts without the labels and alerts for another environment', async () => {
    await releasedFlag(h, 'search', 'development')
    const res = await send(
      payload(
        alert('resolved', target),
        alert('firing', { andon_flag: 'checkout' }),
        alert('firing', { andon_flag: 'search', andon_environment: 'development' }),
      ),
    )
    expect(res.json.alerts.map((a: { outcome: string }) => a.outcome)).toEqual([
      'ignored',
      'ignored',
      'ignored',
    ])
    expect(await enabled()).toBe(true)
    expect(
      (await h.call('GET', '/api/v1/flags/search/environments/development')).json.enabled,
    ).toBe(true)
    expect(h.webhooks).toEqual([])
  })

  it('takes hook keys only: 401 without a key, 403 for admin, server and client keys', async () => {
    const body = payload(alert('firing', target))
    expect((await send(body, null)).status).toBe(401)
    for (const token of [h.admin, h.key('production', 'server'), h.key('production', 'client')]) {
      expect((await send(body, token)).status).toBe(403)
    }
    expect(await enabled()).toBe(true)
  })

  it('gives hook keys nothing else: 403 on admin and SDK routes', async () => {
    expect((await h.call('GET', '/api/v1/flags', { token: hook })).status).toBe(403)
    expect((await h.call('GET', '/sdk/v1/flags', { token: hook })).status).toBe(403)
  })

  it('answers 422 for a body that is not an Alertmanager payload', async () => {
    const res = await send({ status: 'firing', alerts: [{ labels: target }] })
    expect(res.status).toBe(422)
    expect(res.json.issues[0].path).toEqual(['alerts', 0, 'status'])
    expect(await enabled()).toBe(true)
  })
})
