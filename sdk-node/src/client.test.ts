import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createClient,
  type AndonClient,
  type AndonSdkError,
  type ClientOptions,
  type Timers,
} from './index.js'
import { startTestServer, TEST_KEY, type TestServer } from '../../tests/sdk-node/sse-test-server.js'
import { boolFlag, nextEvent, payloadOf, until } from '../../tests/sdk-node/fixtures.js'
import { manualClock } from '../../tests/sdk-node/manual-clock.js'

const ctx = { key: 'user-1' }
let server: TestServer
const clients: AndonClient[] = []

function client(options: Partial<ClientOptions> = {}): AndonClient {
  const c = createClient({
    baseUrl: server.url,
    sdkKey: TEST_KEY,
    backoff: { initialMs: 20, maxMs: 100 },
    ...options,
  })
  clients.push(c)
  return c
}

beforeEach(async () => {
  server = await startTestServer({ payload: payloadOf(5, [boolFlag('a', 1, true)]) })
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await server.close()
})

describe('streaming', () => {
  it('serves the put it receives once ready', async () => {
    const c = client()
    const changes: string[][] = []
    c.on('change', (keys) => changes.push(keys))
    expect(c.status()).toBe('initializing')
    expect(c.isEnabled('a', ctx)).toBe(false)
    expect(await c.ready({ timeoutMs: 2000 })).toBe(true)
    expect(c.isEnabled('a', ctx)).toBe(true)
    expect(c.status()).toBe('ready')
    expect(c.version()).toBe(5)
    expect(server.streams[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`)
    expect(server.streams[0]!.headers['last-event-id']).toBeUndefined()
    expect(changes).toEqual([]) // the first data is no change
  })

  it('applies a newer patch and reports the flag in change and change:<key>', async () => {
    const c = client()
    await c.ready()
    const change = nextEvent<string[]>(c, 'change')
    const changeA = nextEvent<string>(c, 'change:a')
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'a', version: 2, value: boolFlag('a', 2, false) },
      6,
    )
    expect(await change).toEqual(['a'])
    expect(await changeA).toBe('a')
    expect(c.isEnabled('a', ctx)).toBe(false)
    expect(c.version()).toBe(6)
  })

  it('ignores a patch or delete that is not newer than the flag it holds', async () => {
    const c = client()
    await c.ready()
    const changes: string[][] = []
    c.on('change', (keys) => changes.push(keys))
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'a', version: 1, value: boolFlag('a', 1, false) },
      6,
    )
    server.broadcast('delete', { kind: 'flag', key: 'a', version: 1 }, 7)
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'b', version: 1, value: boolFlag('b', 1, true) },
      8,
    )
    await until(() => changes.length === 1, 2000, 'the patch of b')
    expect(changes).toEqual([['b']])
    expect(c.isEnabled('a', ctx)).toBe(true)
    expect(c.isEnabled('b', ctx)).toBe(true)
  })

  it('removes a flag on a newer delete and serves the default for it', async () => {
    const c = client()
    await c.ready()
    const change = nextEvent<string[]>(c, 'change')
    server.broadcast('delete', { kind: 'flag', key: 'a', version: 3 }, 6)
    expect(await change).toEqual(['a'])
    expect(c.variationDetail('a', ctx, 'dflt')).toEqual({
      value: 'dflt',
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' },
    })
  })

  it('ignores events with unknown names and keeps the connection', async () => {
    const c = client()
    await c.ready()
    const errors: AndonSdkError[] = []
    c.on('error', (e) => errors.push(e))
    server.streams[0]!.send('frobnicate', '{not json', 9)
    server.streams[0]!.write(': a comment\n\n')
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'a', version: 2, value: boolFlag('a', 2, false) },
      6,
    )
    await until(() => !c.isEnabled('a', ctx), 2000, 'the patch after the unknown event')
    expect(errors).toEqual([])
    expect(server.streams).toHaveLength(1)
    expect(server.streams[0]!.isClosed).toBe(false)
  })

  it('on an event that does not parse, drops the connection, keeps its values and resumes with Last-Event-ID', async () => {
    const c = client()
    await c.ready()
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'b', version: 1, value: boolFlag('b', 1, true) },
      6,
    )
    await until(() => c.isEnabled('b', ctx), 2000, 'flag b')
    const error = nextEvent<AndonSdkError>(c, 'error')
    server.onStream = () => {} // the resumed connection gets no events: nothing changed
    server.streams[0]!.send('patch', '{"kind":"flag","key":', 7)
    expect((await error).kind).toBe('malformed-event')
    await server.streams[0]!.closed
    const second = await server.nextStream(2)
    expect(second.headers['last-event-id']).toBe('6')
    expect(c.isEnabled('a', ctx)).toBe(true)
    expect(c.isEnabled('b', ctx)).toBe(true)
    await until(() => c.status() === 'ready', 2000, 'ready again')
  })

  it('treats a patch whose data is valid JSON but not a patch as malformed', async () => {
    const c = client()
    await c.ready()
    const error = nextEvent<AndonSdkError>(c, 'error')
    server.broadcast('patch', { kind: 'flag', key: 'a', version: 'two' }, 6)
    expect((await error).kind).toBe('malformed-event')
    expect(c.isEnabled('a', ctx)).toBe(true)
    expect(c.version()).toBe(5)
  })

  it('turns stale while the stream is down, serves the last values, and is ready after reconnecting', async () => {
    const c = client()
    await c.ready()
    const statuses: string[] = []
    c.on('status', (s) => statuses.push(s))
    server.streams[0]!.destroy()
    await server.nextStream(2)
    await until(() => c.status() === 'ready', 2000, 'ready again')
    expect(statuses).toEqual(['stale', 'ready'])
    expect(c.isEnabled('a', ctx)).toBe(true)
  })

  /** The stream watchdog's own timers, on a clock the test moves; nothing else is timed. */
  const watched = { sendEvents: false, random: () => 0, backoff: { initialMs: 20, jitter: 0 } }

  it('replaces a stream that sends no byte for deadStreamMs', async () => {
    const clock = manualClock()
    const c = client({ ...watched, ...clock.options, deadStreamMs: 150 })
    await c.ready()
    const errors: AndonSdkError[] = []
    c.on('error', (e) => errors.push(e))
    clock.advance(149)
    expect(errors).toEqual([])
    clock.advance(1)
    expect(errors.map((e) => e.kind)).toEqual(['dead-stream'])
    expect(clock.pending()).toEqual([20]) // the reconnect, after the backoff's first delay
    clock.advance(20)
    await server.nextStream(2)
    await server.streams[0]!.closed
  })

  it('keeps a stream that sends comments more often than deadStreamMs', async () => {
    const clock = manualClock()
    const c = client({ ...watched, ...clock.options, deadStreamMs: 300 })
    await c.ready()
    const errors: AndonSdkError[] = []
    c.on('error', (e) => errors.push(e))
    clock.advance(200)
    // The client reads the clock for each chunk it receives: once it did, it has the comment.
    const reads = clock.reads()
    server.streams[0]!.write(': keepalive\n\n')
    await until(() => clock.reads() > reads, 2000, 'the client to receive the comment')
    clock.advance(299) // 499: past the first deadline, not 300 ms after the comment
    expect(errors).toEqual([])
    expect(server.streams[0]!.isClosed).toBe(false)
    clock.advance(1) // 500: 300 ms of silence since the comment
    expect(errors.map((e) => e.kind)).toEqual(['dead-stream'])
  })
})

describe('backoff and polling', () => {
  /**
   * Timers that record every delay asked of them and run the reconnects and polls (under a
   * minute) at once: the tests assert the delays the client chose, not the wall clock. The
   * dead-stream watchdog (10 minutes here) keeps its real timer.
   */
  function fastTimers(onReconnect: (count: number) => void = () => {}) {
    const asked: number[] = []
    const timers: Timers = {
      setTimeout: (callback, ms) => {
        asked.push(ms)
        if (ms < 60_000) onReconnect(reconnects().length)
        return setTimeout(callback, ms < 60_000 ? 0 : ms)
      },
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    }
    /** The reconnect delays asked so far (with sendEvents off, the only short timers). */
    const reconnects = () => asked.filter((ms) => ms < 60_000)
    return { timers, reconnects }
  }
  const quiet = { sendEvents: false, deadStreamMs: 600_000, pollAfterFailures: 1000 }

  it('spaces reconnection attempts exponentially up to the cap', async () => {
    server.streamStatus = 503
    const { timers, reconnects } = fastTimers()
    const c = client({ ...quiet, timers, backoff: { initialMs: 40, maxMs: 160, jitter: 0 } })
    await until(() => server.requests.length >= 6, 3000, 'six attempts')
    await c.close()
    expect(reconnects().slice(0, 5)).toEqual([40, 80, 160, 160, 160])
  })

  it('takes up to half of each delay off at random by default', async () => {
    server.streamStatus = 503
    const { timers, reconnects } = fastTimers()
    const c = client({ ...quiet, timers, random: () => 0.5, backoff: { initialMs: 40 } })
    await until(() => server.requests.length >= 3, 3000, 'three attempts')
    await c.close()
    expect(reconnects().slice(0, 2)).toEqual([30, 60])
  })

  it.each([
    ['starts the delays over after a stream that stayed up for resetAfterMs', 61_000, 'reset'],
    ['keeps doubling after a stream that did not stay up long enough', 10_000, 'doubled'],
  ])('%s', async (_name, upFor, expected) => {
    let clock = 1_000_000
    server.streamStatus = 503
    // Four failures, then the stream works: the next delay would be 640 ms.
    const { timers, reconnects } = fastTimers((count) => {
      if (count === 4) server.streamStatus = undefined
    })
    const c = client({
      ...quiet,
      timers,
      backoff: { initialMs: 40, maxMs: 2000, jitter: 0 },
      now: () => clock,
    })
    const stream = await server.nextStream(1)
    await until(() => c.status() === 'ready', 3000, 'connected')
    const before = reconnects()
    clock += upFor
    stream.destroy()
    await server.nextStream(2)
    expect(before).toEqual([40, 80, 160, 320])
    expect(reconnects()[4]).toBe(expected === 'reset' ? 40 : 640)
  })

  it('polls with If-None-Match after repeated stream failures, and stops when the stream works', async () => {
    server.streamStatus = 500
    const clock = manualClock()
    // Reconnects every 100 ms and polls every 1000 ms of the test's clock.
    const c = client({
      ...quiet,
      ...clock.options,
      pollAfterFailures: 2,
      pollIntervalMs: 1000,
      backoff: { initialMs: 100, maxMs: 100, jitter: 0 },
    })
    const polls = () => server.requests.filter((r) => r.path === '/sdk/v1/flags')
    await until(() => clock.isPending(100), 2000, 'the first failure')
    clock.fire(100) // the second failure in a row: polling starts at once
    await until(() => c.status() === 'ready', 2000, 'ready from the first poll')
    expect(c.isEnabled('a', ctx)).toBe(true)
    await until(() => clock.isPending(1000), 2000, 'the next poll to be planned')
    clock.fire(1000)
    await until(() => polls().length === 2, 2000, 'a second poll')
    expect(polls()[0]!.headers['if-none-match']).toBeUndefined()
    expect(polls()[1]!.headers['if-none-match']).toBe('"5"')
    // A change seen by polling.
    const change = nextEvent<string[]>(c, 'change')
    server.payload = payloadOf(6, [boolFlag('a', 2, false)])
    await until(() => clock.isPending(1000), 2000, 'the third poll to be planned')
    clock.fire(1000)
    expect(await change).toEqual(['a'])
    // The stream comes back: it resumes after the polled version and polling stops.
    await until(() => clock.isPending(1000) && clock.isPending(100), 2000, 'a poll and a reconnect')
    server.streamStatus = undefined
    server.onStream = () => {}
    clock.fire(100)
    const stream = await server.nextStream(1)
    expect(stream.headers['last-event-id']).toBe('6')
    await until(() => !clock.isPending(1000), 2000, 'the planned poll to be dropped')
    expect(clock.pending()).toEqual([600_000]) // only the open stream's watchdog is left
    expect(polls()).toHaveLength(3)
  })
})

describe('authorization', () => {
  it('on 401 turns unauthorized, emits an error, resolves ready with false and waits the long delay', async () => {
    const clock = manualClock()
    const c = client({
      ...clock.options,
      sdkKey: 'srv_wrong',
      sendEvents: false,
      random: () => 0, // no jitter off the long delay
      backoff: { initialMs: 10, maxMs: 20 },
      unauthorizedRetryMs: 60_000,
    })
    const error = nextEvent<AndonSdkError>(c, 'error')
    expect(await c.ready({ timeoutMs: 3000 })).toBe(false)
    expect(c.status()).toBe('unauthorized')
    const e = await error
    expect(e.kind).toBe('unauthorized')
    expect(e.status).toBe(401)
    expect(clock.pending()).toEqual([60_000])
    clock.advance(59_999)
    expect(clock.pending()).toEqual([60_000])
    expect(server.requests).toHaveLength(1)
    clock.advance(1)
    await until(() => server.requests.length === 2, 2000, 'the retry after the long delay')
  })

  it('keeps serving what it had when the key is refused later (403)', async () => {
    const clock = manualClock()
    const c = client({
      ...clock.options,
      sendEvents: false,
      random: () => 0, // no jitter: the delays are 20 ms, then the 100 ms of a refused key
      unauthorizedRetryMs: 100,
    })
    await c.ready()
    server.status = 403
    server.streams[0]!.destroy()
    await until(() => clock.isPending(20), 3000, 'the reconnect after the cut')
    clock.advance(20)
    await until(() => c.status() === 'unauthorized', 3000, 'unauthorized')
    expect(c.isEnabled('a', ctx)).toBe(true)
    expect(clock.pending()).toEqual([100])
    server.status = undefined
    clock.advance(100)
    await until(() => c.status() === 'ready', 3000, 'ready after the key works again')
  })
})

describe('close', () => {
  it('releases its socket on close', async () => {
    const c = client()
    await c.ready()
    const stream = server.streams[0]!
    await c.close()
    // The server keeps the stream open for as long as the client does.
    await until(() => stream.isClosed, 1000, 'the stream socket to close')
    expect(c.status()).toBe('closed')
    expect(c.isEnabled('a', ctx)).toBe(true)
  })

  it('stops reconnecting once closed', async () => {
    server.streamStatus = 503
    const clock = manualClock()
    const c = client({
      ...clock.options,
      sendEvents: false,
      backoff: { initialMs: 10, maxMs: 10, jitter: 0 },
    })
    await until(() => clock.isPending(10), 2000, 'a reconnect to be planned')
    await c.close()
    expect(clock.pending()).toEqual([]) // nothing left that could connect again
    expect(server.requests).toHaveLength(1)
  })
})
