import type { Flag, Payload } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { EMPTY_PAYLOAD_STATE, applyPayloadEvent, type PayloadState } from './payload-state.js'

const flag = (key: string, version: number, enabled = false): Flag => ({
  key,
  version,
  enabled,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 1 },
})

const payload: Payload = {
  schemaVersion: 1,
  environment: 'production',
  version: 10,
  flags: { a: flag('a', 3) },
  segments: {},
}

const put = (): PayloadState => applyPayloadEvent(EMPTY_PAYLOAD_STATE, { type: 'put', payload })

describe('applyPayloadEvent', () => {
  it('applies a newer patch and keeps the old snapshot unchanged', () => {
    const before = put()
    const after = applyPayloadEvent(before, {
      type: 'patch',
      kind: 'flag',
      key: 'a',
      version: 4,
      value: flag('a', 4, true),
      id: 11,
    })
    expect(after.payload?.flags.a?.enabled).toBe(true)
    expect(after.payload?.version).toBe(11)
    expect(before.payload?.flags.a?.enabled).toBe(false)
  })

  it('ignores a patch that is not newer than the flag held', () => {
    const before = put()
    const event = { type: 'patch', kind: 'flag', key: 'a', version: 3, value: flag('a', 3, true) }
    expect(applyPayloadEvent(before, event as never)).toBe(before)
  })

  it('remembers a deleted version so an older patch does not bring the flag back', () => {
    const deleted = applyPayloadEvent(put(), { type: 'delete', kind: 'flag', key: 'a', version: 5 })
    expect(deleted.payload?.flags.a).toBeUndefined()
    const late = applyPayloadEvent(deleted, {
      type: 'patch',
      kind: 'flag',
      key: 'a',
      version: 4,
      value: flag('a', 4),
    })
    expect(late.payload?.flags.a).toBeUndefined()
  })

  it('adds segments by patch', () => {
    const next = applyPayloadEvent(put(), {
      type: 'patch',
      kind: 'segment',
      key: 'beta',
      version: 1,
      value: { key: 'beta', version: 1, included: ['u1'] },
    })
    expect(next.payload?.segments.beta?.included).toEqual(['u1'])
  })
})
