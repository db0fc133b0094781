import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient, type AndonClient, type AndonSdkError } from './index.js'
import { startTestServer, TEST_KEY, type TestServer } from '../../tests/sdk-node/sse-test-server.js'
import { boolFlag, nextEvent, payloadOf, until } from '../../tests/sdk-node/fixtures.js'
import { manualClock } from '../../tests/sdk-node/manual-clock.js'

const ctx = { key: 'user-1' }
let dir: string
const clients: AndonClient[] = []
const servers: TestServer[] = []

/** A port where nothing listens: connections are refused at once. */
async function deadPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise((resolve) => s.close(resolve))
  return port
}

function track(c: AndonClient) {
  clients.push(c)
  return c
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'andon-sdk-'))
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
  rmSync(dir, { recursive: true, force: true })
})

describe('bootstrap and offline', () => {
  it('offline, serves the bootstrap and never touches the network', async () => {
    const c = track(
      createClient({
        offline: true,
        bootstrap: payloadOf(3, [boolFlag('a', 1, true)]),
        fetch: () => {
          throw new Error('no network in offline mode')
        },
      }),
    )
    expect(await c.ready({ timeoutMs: 10 })).toBe(true)
    expect(c.status()).toBe('ready')
    expect(c.isEnabled('a', ctx)).toBe(true)
  })

  it('compiles the flags right after ready and lets the parsed bootstrap go', async () => {
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    // Made in a function of its own, so that the test keeps no reference to the bootstrap.
    const start = () => {
      const flags = Array.from({ length: 5000 }, (_, i) => boolFlag(`f${i}`, 1, i % 2 === 0))
      const bootstrap = payloadOf(3, flags)
      return { client: createClient({ offline: true, bootstrap }), first: new WeakRef(flags[1]!) }
    }
    const { client, first } = start()
    track(client)
    expect(await client.ready({ timeoutMs: 100 })).toBe(true)
    expect(client.isEnabled('f4', ctx)).toBe(true) // served before the rest is compiled
    await until(
      () => {
        gc()
        return first.deref() === undefined
      },
      3000,
      'the bootstrap flags to be let go',
    )
    expect(client.isEnabled('f1', ctx)).toBe(false)
    expect(client.isEnabled('f4998', ctx)).toBe(true)
  })

  it('offline without data is ready at once and serves defaults', async () => {
    const clock = manualClock()
    const c = track(createClient({ offline: true, ...clock.options }))
    const ready = c.ready({ timeoutMs: 10_000 })
    expect(clock.pending()).toEqual([]) // it does not wait for data that cannot come
    expect(await ready).toBe(false)
    expect(c.variation('a', ctx, 'dflt')).toBe('dflt')
  })

  it('serves a bootstrap at once, stale until the server answers, then the server data', async () => {
    const server = await startTestServer({ payload: payloadOf(9, [boolFlag('a', 2, false)]) })
    servers.push(server)
    const c = track(
      createClient({
        baseUrl: server.url,
        sdkKey: TEST_KEY,
        bootstrap: payloadOf(3, [boolFlag('a', 1, true)]),
      }),
    )
    expect(c.status()).toBe('stale')
    expect(c.isEnabled('a', ctx)).toBe(true)
    const change = nextEvent<string[]>(c, 'change')
    expect(await change).toEqual(['a'])
    expect(c.isEnabled('a', ctx)).toBe(false)
    expect(c.status()).toBe('ready')
  })

  it('reports a bootstrap that is not a payload as an error and ignores it', async () => {
    const c = track(createClient({ offline: true, bootstrap: { flags: 3 } as never }))
    const error = await nextEvent<AndonSdkError>(c, 'error')
    expect(error.kind).toBe('invalid-payload')
    expect(await c.ready()).toBe(false)
  })
})

describe('bad options', () => {
  it.each([
    ['no baseUrl', { sdkKey: TEST_KEY }],
    ['an invalid baseUrl', { baseUrl: 'not a url', sdkKey: TEST_KEY }],
    ['no sdkKey', { baseUrl: 'http://127.0.0.1:9' }],
  ])('with %s, does not throw: it reports an error and serves defaults', async (_, options) => {
    const c = track(createClient(options))
    const error = await nextEvent<AndonSdkError>(c, 'error')
    expect(error.message).toMatch(/baseUrl and an sdkKey/)
    expect(await c.ready({ timeoutMs: 3000 })).toBe(false)
    expect(c.variation('a', ctx, 'dflt')).toBe('dflt')
  })
})

describe('cacheFile', () => {
  it('writes the server data atomically and keeps it current', async () => {
    const server = await startTestServer({ payload: payloadOf(5, [boolFlag('a', 1, true)]) })
    servers.push(server)
    const cacheFile = join(dir, 'flags.json')
    const c = track(createClient({ baseUrl: server.url, sdkKey: TEST_KEY, cacheFile }))
    await c.ready()
    await until(() => readdirSync(dir).includes('flags.json'), 2000, 'the cache file')
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'b', version: 1, value: boolFlag('b', 1, true) },
      6,
    )
    await until(() => c.version() === 6, 2000, 'the patch')
    await c.close()
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'))
    expect(cached.version).toBe(6)
    expect(Object.keys(cached.flags).sort()).toEqual(['a', 'b'])
    expect(readdirSync(dir)).toEqual(['flags.json']) // no temporary file left behind
  })

  it('writes the cache even when the server confirms the bootstrap unchanged', async () => {
    const payload = payloadOf(5, [boolFlag('a', 1, true)])
    const server = await startTestServer({ payload })
    servers.push(server)
    const cacheFile = join(dir, 'flags.json')
    const c = track(
      createClient({ baseUrl: server.url, sdkKey: TEST_KEY, cacheFile, bootstrap: payload }),
    )
    await until(() => c.status() === 'ready', 2000, 'ready')
    await c.close()
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toEqual(payload)
  })

  it('starts ready from the cache within 100 ms while the server is down', async () => {
    const cacheFile = join(dir, 'flags.json')
    writeFileSync(cacheFile, JSON.stringify(payloadOf(7, [boolFlag('a', 3, true)])))
    const port = await deadPort()
    const start = performance.now()
    const c = track(
      createClient({ baseUrl: `http://127.0.0.1:${port}`, sdkKey: TEST_KEY, cacheFile }),
    )
    const ready = await c.ready({ timeoutMs: 5000 })
    const elapsed = performance.now() - start
    expect(ready).toBe(true)
    expect(elapsed).toBeLessThan(100)
    expect(c.isEnabled('a', ctx)).toBe(true)
    expect(c.version()).toBe(7)
    await until(() => c.status() === 'stale', 2000, 'stale')
  })

  it('ignores a corrupt cache file with an error event', async () => {
    const cacheFile = join(dir, 'flags.json')
    writeFileSync(cacheFile, '{"schemaVersion": 1, "fla')
    const c = track(createClient({ offline: true, cacheFile }))
    const error = await nextEvent<AndonSdkError>(c, 'error')
    expect(error.kind).toBe('cache')
    expect(await c.ready()).toBe(false)
  })

  it('prefers the newer of the bootstrap and the cache', async () => {
    const cacheFile = join(dir, 'flags.json')
    writeFileSync(cacheFile, JSON.stringify(payloadOf(7, [boolFlag('a', 3, true)])))
    const older = track(
      createClient({
        offline: true,
        cacheFile,
        bootstrap: payloadOf(4, [boolFlag('a', 1, false)]),
      }),
    )
    expect(older.isEnabled('a', ctx)).toBe(true)
    const newer = track(
      createClient({
        offline: true,
        cacheFile,
        bootstrap: payloadOf(8, [boolFlag('a', 4, false)]),
      }),
    )
    expect(newer.isEnabled('a', ctx)).toBe(false)
  })
})

describe('listeners', () => {
  it('reports a listener that throws as an error and keeps applying events', async () => {
    const server = await startTestServer({ payload: payloadOf(5, [boolFlag('a', 1, true)]) })
    servers.push(server)
    const c = track(createClient({ baseUrl: server.url, sdkKey: TEST_KEY }))
    await c.ready()
    c.on('change', () => {
      throw new Error('listener bug')
    })
    const error = nextEvent<AndonSdkError>(c, 'error')
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'a', version: 2, value: boolFlag('a', 2, false) },
      6,
    )
    expect((await error).kind).toBe('listener')
    server.broadcast(
      'patch',
      { kind: 'flag', key: 'b', version: 1, value: boolFlag('b', 1, true) },
      7,
    )
    await until(() => c.isEnabled('b', ctx), 2000, 'the next patch')
    expect(c.isEnabled('a', ctx)).toBe(false)
  })
})
