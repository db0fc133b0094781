import { describe, expect, it } from 'vitest'
import { createAndonApi } from './andon-api.js'
import { createApiClient } from './api-client.js'

const apiAnswering = (status: number, body: unknown) =>
  createAndonApi(
    createApiClient({ fetch: async () => new Response(JSON.stringify(body), { status }) }),
  )

describe('updateFlagConfig', () => {
  it('tells an applied write from a change request (202) that waits for approval', async () => {
    const flag = {
      key: 'f',
      version: 2,
      enabled: true,
      variations: [false, true],
      offVariation: 0,
      fallthrough: { variation: 1 },
    }
    expect(await apiAnswering(200, flag).updateFlagConfig('f', 'dev', {})).toEqual({
      kind: 'applied',
      flag,
    })
    const changeRequest = { id: 3, status: 'open', environment: 'production' }
    expect(
      await apiAnswering(202, { changeRequest }).updateFlagConfig('f', 'production', {
        enabled: true,
      }),
    ).toEqual({ kind: 'requested', changeRequest })
  })
})
