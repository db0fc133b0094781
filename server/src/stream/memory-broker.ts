/**
 * The in-process broker. Each change is turned into bytes once per view and the same Buffer
 * is written to every connection, a chunk of connections per event-loop turn (fan-out.ts).
 * One heartbeat timer serves all connections, and runs only while there are any, so closed
 * connections leave no timers behind; its comment line goes through the same queue and chunks.
 */
import type { BrokerStats, StreamBroker, Subscriber } from './broker.js'
import { changeFrames } from './change-frames.js'
import { createFanOut, type Delivery } from './fan-out.js'
import { HEARTBEAT_FRAME } from './sse-frame.js'

export interface MemoryBrokerOptions {
  /**
   * How often a comment line goes to every connection; the spec asks for at most 15 s. A beat
   * queues behind a change still on its way, so it may come a few turns late.
   */
  heartbeatMs?: number
  /**
   * Connections written per event-loop turn. At about 9 µs a write, 500 hold the loop for
   * about 5 ms; fewer connections than this get a change synchronously, as before chunking.
   */
  chunkSize?: number
}

export function createMemoryBroker(options: MemoryBrokerOptions = {}): StreamBroker {
  const heartbeatMs = options.heartbeatMs ?? 10_000
  const fanOut = createFanOut(options.chunkSize ?? 500)
  const byEnv = new Map<number, Set<Subscriber>>()
  const byKey = new Map<number, Set<Subscriber>>()
  const heartbeat = Buffer.from(HEARTBEAT_FRAME)
  let count = 0
  let timer: ReturnType<typeof setInterval> | undefined

  const add = <K>(map: Map<K, Set<Subscriber>>, key: K, s: Subscriber) => {
    let set = map.get(key)
    if (set === undefined) map.set(key, (set = new Set()))
    set.add(s)
  }
  const remove = <K>(map: Map<K, Set<Subscriber>>, key: K, s: Subscriber) => {
    const set = map.get(key)
    if (set === undefined || !set.delete(s)) return false
    if (set.size === 0) map.delete(key)
    return true
  }

  // Live, like a delivery's iterator: a connection that closes before its turn is not written to.
  function* everyone() {
    for (const set of byEnv.values()) yield* set
  }
  const beat = () => fanOut.beat(heartbeat, everyone())
  const stopBeating = () => {
    clearInterval(timer)
    timer = undefined
  }

  return {
    // The first chunk is written before the admin API answers, the rest in later turns. That is
    // fine: the answer says the change is committed, never that SDKs have it (bytes sit in
    // socket buffers and proxies anyway). Every open connection still gets it, in order, within
    // a few turns; one opened after the answer starts from a put that holds it already.
    publish(changes) {
      const deliveries: Delivery[] = []
      for (const change of changes) {
        // None now means none to tell: a connection opened later reads the committed version.
        const subscribers = byEnv.get(change.environmentId)
        if (subscribers === undefined) continue
        const frames = changeFrames(change)
        deliveries.push({
          version: change.version,
          server: Buffer.from(frames.server),
          client: frames.client === '' ? undefined : Buffer.from(frames.client),
          subscribers: subscribers.values(),
        })
      }
      // All at once, so the changes of one commit share one chunk's budget.
      fanOut.push(deliveries)
    },
    subscribe(s) {
      add(byEnv, s.environmentId, s)
      add(byKey, s.keyId, s)
      count++
      if (timer === undefined) {
        timer = setInterval(beat, heartbeatMs)
        timer.unref()
      }
      return () => {
        if (!remove(byEnv, s.environmentId, s)) return
        remove(byKey, s.keyId, s)
        count--
        if (count === 0) stopBeating()
      }
    },
    revokeKey(keyId) {
      for (const s of [...(byKey.get(keyId) ?? [])]) s.close()
    },
    stats: (): BrokerStats => ({ subscribers: count, timers: timer === undefined ? 0 : 1 }),
    close() {
      // Even while connections linger (a subscriber whose close does not unsubscribe), no beat.
      stopBeating()
      fanOut.clear()
      for (const set of [...byEnv.values()]) for (const s of [...set]) s.close()
    },
  }
}
