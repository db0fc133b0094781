import { describe, expect, it } from 'vitest'
import type { Change } from '../store.js'
import { createRememberedConfigs, type RememberedConfig } from './remembered-configs.js'

const at = (version: number) => ({ version }) as RememberedConfig

const change = (environment: string, data: unknown): Change => ({
  environmentId: 1,
  environment,
  version: 10,
  events: [{ event: 'patch', data, server: true, client: false }],
})

describe('remembered configs', () => {
  it('drops a flag a change names with a newer version, in that environment only', () => {
    const remembered = createRememberedConfigs()
    remembered.set('production', 'checkout', at(3))
    remembered.set('staging', 'checkout', at(3))
    remembered.set('production', 'search', at(3))
    remembered.outdatedBy([change('production', { kind: 'flag', key: 'checkout', version: 4 })])
    expect(remembered.get('production', 'checkout')).toBeUndefined()
    expect(remembered.get('staging', 'checkout')).toEqual(at(3))
    expect(remembered.get('production', 'search')).toEqual(at(3))
  })

  it('keeps a flag its own change names, and ignores segments and odd events', () => {
    const remembered = createRememberedConfigs()
    remembered.set('production', 'checkout', at(4))
    remembered.outdatedBy([
      change('production', { kind: 'flag', key: 'checkout', version: 4 }),
      change('production', { kind: 'segment', key: 'checkout', version: 9 }),
      change('production', { kind: 'flag', key: 'checkout', version: '9' }),
      change('production', null),
    ])
    expect(remembered.get('production', 'checkout')).toEqual(at(4))
  })

  it('forgets one flag on request, and keys never run into each other', () => {
    const remembered = createRememberedConfigs()
    remembered.set('a', 'b\u0000c', at(1))
    remembered.set('a\u0000b', 'c', at(2))
    expect(remembered.get('a', 'b\u0000c')).toEqual(at(1))
    remembered.forget('a', 'b\u0000c')
    expect(remembered.get('a', 'b\u0000c')).toBeUndefined()
    expect(remembered.get('a\u0000b', 'c')).toEqual(at(2))
  })
})
