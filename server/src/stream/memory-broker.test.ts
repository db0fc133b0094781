import { describe, expect, it } from 'vitest'
import type { Change } from '../store/store.js'
import type { Subscriber, View } from './broker.js'
import { createMemoryBroker } from './memory-broker.js'

function subscriber(view: View, keyId = 1, version = 0) {
  const got: Buffer[] = []
  let closed = false
  const s: Subscriber = {
    environmentId: 7,
    view,
    keyId,
    version,
    send: (b) => got.push(b),
    close: () => (closed = true),
  }
  return { s, got, closed: () => closed }
}

const change = (version: number, clientFrames = ''): Change => ({
  environmentId: 7,
  environment: 'production',
  version,
  serverFrames: `event: patch\nid: ${version}\ndata: {}\n\n`,
  clientFrames,
})

describe('the in-process broker', () => {
  it('writes the very same bytes to every connection of a view', () => {
    const broker = createMemoryBroker()
    const a = subscriber('server')
    const b = subscriber('server')
    const c = subscriber('client')
    for (const x of [a, b, c]) broker.subscribe(x.s)
    broker.publish([change(1, 'event: patch\nid: 1\ndata: {"c":1}\n\n')])
    expect(a.got).toHaveLength(1)
    expect(a.got[0]).toBe(b.got[0])
    expect(c.got[0]?.toString()).toBe('event: patch\nid: 1\ndata: {"c":1}\n\n')
    broker.close()
  })

  it('sends a client view nothing for a change that is not its, and nothing twice', () => {
    const broker = createMemoryBroker()
    const client = subscriber('client')
    const late = subscriber('server', 1, 2)
    broker.subscribe(client.s)
    broker.subscribe(late.s)
    broker.publish([change(1), change(2), change(3)])
    expect(client.got).toEqual([])
    expect(late.got.map((b) => b.toString())).toEqual([change(3).serverFrames])
    broker.close()
  })

  it('closes the connections of a revoked key and forgets unsubscribed ones', () => {
    const broker = createMemoryBroker()
    const doomed = subscriber('server', 5)
    const other = subscriber('server', 6)
    broker.subscribe(doomed.s)
    const unsubscribe = broker.subscribe(other.s)
    broker.revokeKey(5)
    expect([doomed.closed(), other.closed()]).toEqual([true, false])
    expect(broker.stats()).toEqual({ subscribers: 2, timers: 1 })
    unsubscribe()
    unsubscribe()
    expect(broker.stats()).toEqual({ subscribers: 1, timers: 1 })
    broker.close()
  })
})
