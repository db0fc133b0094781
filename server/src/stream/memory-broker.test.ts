import { describe, expect, it, vi } from 'vitest'
import type { Change } from '../store/store.js'
import type { Subscriber, View } from './broker.js'
import { createMemoryBroker } from './memory-broker.js'
import { webConnection } from './sse-connection.js'

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

/** A change with one patch for server keys and, given `clientData`, one for client keys. */
const change = (version: number, clientData?: unknown): Change => ({
  environmentId: 7,
  environment: 'production',
  version,
  events: [
    { event: 'patch', data: {}, server: true, client: false },
    ...(clientData === undefined
      ? []
      : [{ event: 'patch' as const, data: clientData, server: false, client: true }]),
  ],
})
const serverPatch = (version: number) => `event: patch\nid: ${version}\ndata: {}\n\n`

describe('the in-process broker', () => {
  it('writes the very same bytes to every connection of a view', () => {
    const broker = createMemoryBroker()
    const a = subscriber('server')
    const b = subscriber('server')
    const c = subscriber('client')
    for (const x of [a, b, c]) broker.subscribe(x.s)
    broker.publish([change(1, { c: 1 })])
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
    expect(late.got.map((b) => b.toString())).toEqual([serverPatch(3)])
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

describe('the fan-out of a change to more connections than a chunk', () => {
  /** Subscribers that note every write, in order, in one log shared by all of them. */
  function crowd(n: number, version = 0) {
    const log: { who: number; id: number }[] = []
    const make = (who: number, v = version) => {
      const got: number[] = []
      const s: Subscriber = {
        environmentId: 7,
        view: 'server',
        keyId: 1,
        version: v,
        send: (b) => {
          const id = Number(/id: (\d+)/.exec(b.toString())?.[1])
          got.push(id)
          log.push({ who, id })
        },
        close: () => {},
      }
      return { s, got }
    }
    const members = Array.from({ length: n }, (_, i) => make(i))
    return { log, members, make, counts: () => members.map((m) => m.got.length) }
  }
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
  const settle = async () => {
    for (let i = 0; i < 20; i++) await nextTurn()
  }

  it('writes a change to fewer connections than a chunk before publish returns', () => {
    const broker = createMemoryBroker({ chunkSize: 4 })
    const c = crowd(3)
    for (const m of c.members) broker.subscribe(m.s)
    broker.publish([change(1)])
    expect(c.counts()).toEqual([1, 1, 1])
    broker.close()
  })

  it('lets the event loop take a turn between chunks', async () => {
    const broker = createMemoryBroker({ chunkSize: 2 })
    const c = crowd(5)
    for (const m of c.members) broker.subscribe(m.s)
    let seenByOtherWork: number[] = []
    setImmediate(() => (seenByOtherWork = c.counts()))
    broker.publish([change(1)])
    expect(c.counts()).toEqual([1, 1, 0, 0, 0])
    await settle()
    expect(seenByOtherWork).toEqual([1, 1, 0, 0, 0])
    expect(c.counts()).toEqual([1, 1, 1, 1, 1])
    broker.close()
  })

  it('queues changes published mid fan-out behind it, so each connection gets them in order', async () => {
    const broker = createMemoryBroker({ chunkSize: 2 })
    const c = crowd(5)
    for (const m of c.members) broker.subscribe(m.s)
    let lastHadWhenPublished = -1
    setImmediate(() => {
      lastHadWhenPublished = c.members[4]?.got.length ?? -1
      broker.publish([change(2), change(3)])
    })
    broker.publish([change(1)])
    await settle()
    expect(lastHadWhenPublished).toBe(0)
    for (const m of c.members) expect(m.got).toEqual([1, 2, 3])
    // Not one write of a change before the last write of the change before it.
    expect(c.log.map((w) => w.id)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3])
    broker.close()
  })

  it('gives a connection that joins mid fan-out each change newer than its put, once', async () => {
    const broker = createMemoryBroker({ chunkSize: 2 })
    const c = crowd(5)
    for (const m of c.members) broker.subscribe(m.s)
    // Each joiner's version is what its put held: the environment version when it connected.
    const afterOne = c.make(10, 1)
    const afterTwo = c.make(11, 2)
    let lastHadWhenJoined = -1
    setImmediate(() => {
      lastHadWhenJoined = c.members[4]?.got.length ?? -1
      broker.subscribe(afterOne.s)
      broker.publish([change(2)])
      broker.subscribe(afterTwo.s)
      broker.publish([change(3)])
    })
    broker.publish([change(1)])
    await settle()
    expect(lastHadWhenJoined).toBe(0)
    expect(afterOne.got).toEqual([2, 3])
    expect(afterTwo.got).toEqual([3])
    for (const m of c.members) expect(m.got).toEqual([1, 2, 3])
    broker.close()
  })

  it('skips a real connection closed mid fan-out, without throwing', async () => {
    const broker = createMemoryBroker({ chunkSize: 2 })
    const c = crowd(4)
    for (const m of c.members) broker.subscribe(m.s)
    const { connection, body } = webConnection()
    const sentToClosed: Buffer[] = []
    const unsubscribe = broker.subscribe({
      environmentId: 7,
      view: 'server',
      keyId: 1,
      version: 0,
      send: (b) => {
        sentToClosed.push(b)
        connection.send(b)
      },
      close: () => connection.close(),
    })
    connection.onClose(unsubscribe)
    setImmediate(() => void body.cancel())
    broker.publish([change(1)])
    await settle()
    expect(c.counts()).toEqual([1, 1, 1, 1])
    expect(sentToClosed).toEqual([])
    expect(broker.stats().subscribers).toBe(4)
    broker.close()
  })

  it('closes a connection whose write throws and writes the change to the rest', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const broker = createMemoryBroker({ chunkSize: 2 })
    const c = crowd(4)
    let closed = false
    const broken = c.make(99)
    broken.s.send = () => {
      throw new Error('socket gone')
    }
    broken.s.close = () => (closed = true)
    broker.subscribe(c.members[0]!.s)
    broker.subscribe(c.members[1]!.s)
    broker.subscribe(broken.s)
    broker.subscribe(c.members[2]!.s)
    broker.subscribe(c.members[3]!.s)
    broker.publish([change(1)])
    await settle()
    expect(closed).toBe(true)
    expect(c.counts()).toEqual([1, 1, 1, 1])
    expect(quiet).toHaveBeenCalledTimes(1)
    quiet.mockRestore()
    broker.close()
  })
})

describe('the heartbeat to more connections than a chunk', () => {
  /** Connections that note every write as text; `first` runs on the first heartbeat of #0. */
  function listeners(n: number, first: () => void = () => {}) {
    let beaten = false
    const members = Array.from({ length: n }, (_, who) => {
      const got: string[] = []
      const s: Subscriber = {
        environmentId: 7,
        view: who % 2 === 0 ? 'server' : 'client',
        keyId: 1,
        version: 0,
        send: (b) => {
          got.push(b.toString())
          if (who === 0 && !beaten && b.toString() === ':\n\n') {
            beaten = true
            first()
          }
        },
        close: () => {},
      }
      return { s, got }
    })
    const beats = () => members.map((m) => m.got.filter((t) => t === ':\n\n').length)
    /** How many connections the heartbeat has reached: the next one only queues behind it. */
    const reached = () => beats().filter((b) => b > 0).length
    return { members, beats, reached }
  }
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

  it('writes the heartbeat a chunk per turn, letting other work run in between', async () => {
    const broker = createMemoryBroker({ heartbeatMs: 5, chunkSize: 2 })
    const seenByOtherWork: number[] = []
    const c = listeners(5, () => {
      // Queued while the first chunk is being written, as any other work would be.
      const look = (turns: number) =>
        setImmediate(() => {
          seenByOtherWork.push(c.reached())
          if (turns > 1) look(turns - 1)
        })
      look(3)
    })
    for (const m of c.members) broker.subscribe(m.s)
    await vi.waitFor(() => expect(seenByOtherWork).toHaveLength(3))
    broker.close()
    expect(seenByOtherWork).toEqual([2, 4, 5])
  })

  it('skips a real connection closed mid heartbeat, without throwing', async () => {
    const { connection, body } = webConnection()
    const c = listeners(4, () => setImmediate(() => void body.cancel()))
    const broker = createMemoryBroker({ heartbeatMs: 5, chunkSize: 2 })
    for (const m of c.members) broker.subscribe(m.s)
    const sentToClosed: Buffer[] = []
    const unsubscribe = broker.subscribe({
      environmentId: 7,
      view: 'server',
      keyId: 1,
      version: 0,
      send: (b) => {
        sentToClosed.push(b)
        connection.send(b)
      },
      close: () => connection.close(),
    })
    connection.onClose(unsubscribe)
    await vi.waitFor(() => expect(Math.min(...c.beats())).toBeGreaterThan(0))
    broker.close()
    expect(sentToClosed).toEqual([])
    expect(broker.stats().subscribers).toBe(4)
  })

  it('closes a connection whose heartbeat write throws and beats the rest', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const broker = createMemoryBroker({ heartbeatMs: 5, chunkSize: 2 })
    const c = listeners(4)
    let closed = 0
    broker.subscribe(c.members[0]!.s)
    const unsubscribe = broker.subscribe({
      environmentId: 7,
      view: 'server',
      keyId: 2,
      version: 0,
      send: () => {
        throw new Error('socket gone')
      },
      close: () => {
        closed++
        unsubscribe()
      },
    })
    for (const m of c.members.slice(1)) broker.subscribe(m.s)
    await vi.waitFor(() => expect(Math.min(...c.beats())).toBeGreaterThanOrEqual(2))
    broker.close()
    expect(closed).toBe(1)
    expect(quiet).toHaveBeenCalledTimes(1)
    expect(broker.stats().subscribers).toBe(4)
    quiet.mockRestore()
  })

  it('queues a change published mid heartbeat behind it, writing whole frames in one order', async () => {
    const server = `${serverPatch(1)}event: delete\nid: 1\ndata: {}\n\n`
    const client = 'event: patch\nid: 1\ndata: {"c":1}\n\n'
    const both = change(1, { c: 1 })
    both.events.push({ event: 'delete', data: {}, server: true, client: false })
    const broker = createMemoryBroker({ heartbeatMs: 5, chunkSize: 2 })
    const c = listeners(5, () => broker.publish([both]))
    for (const m of c.members) broker.subscribe(m.s)
    await vi.waitFor(() =>
      expect(Math.min(...c.members.map((m) => m.got.length))).toBeGreaterThan(1),
    )
    broker.close()
    // The heartbeat first on every connection, then the change as one write of both its events;
    // only heartbeats come after it.
    expect(c.members.map((m) => m.got.slice(0, 2))).toEqual(
      [0, 1, 2, 3, 4].map((who) => [':\n\n', who % 2 === 0 ? server : client]),
    )
    expect(c.members.every((m) => m.got.slice(2).every((t) => t === ':\n\n'))).toBe(true)
  })

  it('stops beating when the broker closes, even mid heartbeat and with connections left', async () => {
    const broker = createMemoryBroker({ heartbeatMs: 5, chunkSize: 2 })
    const c = listeners(5, () => setImmediate(() => broker.close()))
    for (const m of c.members) broker.subscribe(m.s)
    await vi.waitFor(() => expect(c.beats()).not.toEqual([0, 0, 0, 0, 0]))
    await sleep(30)
    for (let i = 0; i < 5; i++) await nextTurn()
    expect(c.beats()).toEqual([1, 1, 0, 0, 0])
    expect(broker.stats().timers).toBe(0)
  })
})
