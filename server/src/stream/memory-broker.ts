/**
 * The in-process broker. Each change is turned into bytes once per view and the same Buffer
 * is written to every connection. One heartbeat timer serves all connections, and runs only
 * while there are any, so closed connections leave no timers behind.
 */
import type { BrokerStats, StreamBroker, Subscriber } from './broker.js'
import { HEARTBEAT_FRAME } from './sse-frame.js'

export interface MemoryBrokerOptions {
  /** How often a comment line goes to every connection; the spec asks for at most 15 s. */
  heartbeatMs?: number
}

export function createMemoryBroker(options: MemoryBrokerOptions = {}): StreamBroker {
  const heartbeatMs = options.heartbeatMs ?? 10_000
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

  function beat() {
    for (const set of byEnv.values()) for (const s of set) s.send(heartbeat)
  }

  return {
    publish(changes) {
      for (const change of changes) {
        const subscribers = byEnv.get(change.environmentId)
        if (subscribers === undefined) continue
        const server = Buffer.from(change.serverFrames)
        const client = change.clientFrames === '' ? undefined : Buffer.from(change.clientFrames)
        for (const s of subscribers) {
          if (s.version >= change.version) continue
          s.version = change.version
          const bytes = s.view === 'server' ? server : client
          if (bytes !== undefined) s.send(bytes)
        }
      }
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
        if (count === 0 && timer !== undefined) {
          clearInterval(timer)
          timer = undefined
        }
      }
    },
    revokeKey(keyId) {
      for (const s of [...(byKey.get(keyId) ?? [])]) s.close()
    },
    stats: (): BrokerStats => ({ subscribers: count, timers: timer === undefined ? 0 : 1 }),
    close() {
      for (const set of [...byEnv.values()]) for (const s of [...set]) s.close()
    },
  }
}
