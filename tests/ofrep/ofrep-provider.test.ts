/**
 * OpenFeature's own OFREP provider for Node (`@openfeature/ofrep-provider`) against the real
 * server: values, reasons, variants and errors as OpenFeature hands them to an application.
 */
import { OpenFeature } from '@openfeature/server-sdk'
import { OFREPProvider } from '@openfeature/ofrep-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

let server: AndonServer

beforeAll(async () => {
  server = await startAndonServer()
  await server.admin('POST', '/api/v1/flags', { key: 'new-checkout' })
  await server.admin('PATCH', '/api/v1/flags/new-checkout/environments/production', {
    enabled: true,
    rules: [
      { clauses: [{ attribute: 'country', op: 'in', values: ['SE'] }], serve: { variation: 1 } },
    ],
    fallthrough: { variation: 0 },
  })
  await server.admin('POST', '/api/v1/flags', { key: 'banner', variations: ['blue', 'green'] })
  await OpenFeature.setProviderAndWait(
    'andon',
    new OFREPProvider({
      baseUrl: server.url,
      headers: [['X-API-Key', server.secrets.keys['production server']!]],
    }),
  )
})

afterAll(async () => {
  await OpenFeature.close()
  await server?.stop()
})

describe('the OFREP provider of OpenFeature on Andon', () => {
  const client = () => OpenFeature.getClient('andon')

  it('evaluates with the targeting key and attributes, with reason and variant', async () => {
    const detail = await client().getBooleanDetails('new-checkout', false, {
      targetingKey: 'user-1',
      country: 'SE',
    })
    expect(detail).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: '1' })
    expect(detail.flagMetadata).toMatchObject({ environment: 'production' })
    expect(await client().getBooleanValue('new-checkout', true, { targetingKey: 'user-2' })).toBe(
      false,
    )
    expect(await client().getStringDetails('banner', 'none', { targetingKey: 'u' })).toMatchObject({
      value: 'blue',
      reason: 'DISABLED',
    })
  })

  it('gives the default with FLAG_NOT_FOUND for an unknown flag, and TYPE_MISMATCH for another type', async () => {
    const missing = await client().getBooleanDetails('nope', true, { targetingKey: 'u' })
    expect(missing).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' })
    const wrong = await client().getNumberDetails('banner', 7, { targetingKey: 'u' })
    expect(wrong).toMatchObject({ value: 7, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' })
  })
})
