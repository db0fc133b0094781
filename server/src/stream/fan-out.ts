/**
 * The in-process broker's fan-out queue: writes each committed change to the connections of its
 * environment, and each heartbeat to every connection, at most `chunkSize` connections per turn
 * of the event loop. At 10,000 streams one change written in one go holds the loop for about
 * 90 ms; in chunks, health checks, the admin API and new connections are served in between.
 * Changes and heartbeats go out strictly one after another, so no event overtakes an earlier one
 * on a connection, however the chunks fall. Each write is whole frames (a change's events, or
 * the heartbeat's comment line), so a heartbeat may fall between events but never inside one.
 */
import type { Subscriber } from './broker.js'

/** One change on its way out. */
export interface Delivery {
  version: number
  server: Buffer
  /** Undefined when the change is none of the client view's business. */
  client: Buffer | undefined
  /**
   * The environment's connections, as a live Set iterator rather than a copy: one that closes
   * mid fan-out is skipped, not written to. One that joins mid fan-out may or may not be
   * visited, and either is right: the change was committed before it was published, so the
   * joiner's first frames already hold it and the version check sends it nothing twice.
   */
  subscribers: Iterator<Subscriber>
}

/** A comment line on its way out: the same bytes for both views, whatever a connection's version. */
interface Heartbeat {
  heartbeat: Buffer
  /** Live, as a delivery's: one that closes before its turn is skipped. */
  subscribers: Iterator<Subscriber>
}

export interface FanOut {
  /**
   * Writes at once while one chunk's budget lasts, the rest in later turns; while an earlier
   * fan-out is unfinished, only queues behind it.
   */
  push(deliveries: readonly Delivery[]): void
  /** Queues a heartbeat as `push` queues a change: behind what is unfinished, in chunks. */
  beat(heartbeat: Buffer, subscribers: Iterator<Subscriber>): void
  /** Drops whatever has not been written yet. */
  clear(): void
}

export function createFanOut(chunkSize: number): FanOut {
  const queue: (Delivery | Heartbeat)[] = []
  // True while a run is on the stack or scheduled: a push then only queues, so a later change or
  // heartbeat never starts before an earlier one has reached every connection.
  let busy = false

  function deliver(s: Subscriber, d: Delivery) {
    if (s.version >= d.version) return
    s.version = d.version
    const bytes = s.view === 'server' ? d.server : d.client
    if (bytes !== undefined) write(s, bytes)
  }

  function write(s: Subscriber, bytes: Buffer) {
    try {
      s.send(bytes)
    } catch (error) {
      // Past a change's first chunk, and for every heartbeat, this runs in a timer or setImmediate
      // callback, where a throw would take the process down; a broken connection costs only itself.
      console.error('a stream connection failed; closing it', error)
      try {
        s.close()
      } catch {
        // nothing more to do for it; the fan-out goes on
      }
    }
  }

  function run() {
    let budget = chunkSize
    for (let d = queue[0]; d !== undefined; d = queue[0]) {
      for (;;) {
        if (budget === 0) {
          setImmediate(run)
          return
        }
        const next = d.subscribers.next()
        if (next.done === true) break
        budget--
        if ('heartbeat' in d) write(next.value, d.heartbeat)
        else deliver(next.value, d)
      }
      // Unless a write closed the broker (and something was queued anew) meanwhile.
      if (queue[0] === d) queue.shift()
    }
    busy = false
  }

  function enqueue(jobs: readonly (Delivery | Heartbeat)[]) {
    queue.push(...jobs)
    if (busy || queue.length === 0) return
    busy = true
    run()
  }

  return {
    push: enqueue,
    beat: (heartbeat, subscribers) => enqueue([{ heartbeat, subscribers }]),
    clear() {
      queue.length = 0
    },
  }
}
