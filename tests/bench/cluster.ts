/**
 * `npm run bench -- cluster`: three server processes over one PostgreSQL database with
 * ANDON_BENCH_CLUSTER_STREAMS (5,000) raw SSE readers each, in reader processes, against one
 * SQLite process with all of those streams (15,000), in the same run. For each: the time from the admin API's
 * answer until every stream parsed the patch (p50 / p99 / max over 30 changes, each written
 * through the next process in turn), acknowledged writes per second (32 writers with keep-alive
 * connections, spread over the processes, and for PostgreSQL again all through one of its
 * processes, which shows what the spread costs), and events accepted per second (event batches
 * of 100 exposures each, from 32 senders); each load runs uncounted first, 3 s for each process
 * it goes to, so that every process has compiled its hot paths as a single one has. With the writes,
 * the CPU time each acknowledged write cost the server processes and PostgreSQL (_cpu-time.ts). Readers are `stream.ts --client` processes.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { Agent } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshDatabase } from '../../server/src/testing/postgres.js'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { countCpu } from './_cpu-time.js'
import { httpCall } from './_http-call.js'

const CHANGES = 30
/** Reader processes in all, shared among the servers. */
const READER_PROCESSES = 6
const WORKERS = 32
const LOAD_MS = 5_000
const WARM_MS = 3_000
/** Request numbers the measured loops start from: event batch ids stay new. */
const WARM_REQUESTS = 1_000_000
const STREAMS = Number(process.env.ANDON_BENCH_CLUSTER_STREAMS ?? 5_000)

const nowNs = () => Number(process.hrtime.bigint())
const ms = (ns: number) => ns / 1e6
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number

type FromReader =
  | { type: 'connected'; count: number; failed: number }
  | { type: 'arrivals'; id: number; times: number[] }

interface Readers {
  open: number
  failed: number
  nextArrivals(): Promise<number[]>
  stop(): Promise<void>
}

/** Reader processes spread over the servers, each opening its share of the streams. */
async function openReaders(servers: AndonServer[], total: number, token: string): Promise<Readers> {
  const readersPerServer = READER_PROCESSES / servers.length
  const perServer = total / servers.length
  const streamBench = fileURLToPath(new URL('./stream.ts', import.meta.url))
  const children: ChildProcess[] = []
  const listeners = new Set<(m: FromReader) => void>()
  for (const server of servers) {
    for (let i = 0; i < readersPerServer; i++) {
      const child = fork(streamBench, ['--client'], {
        execArgv: ['--import', 'tsx'],
        stdio: 'inherit',
      })
      child.on('message', (m: FromReader) => listeners.forEach((l) => l(m)))
      children.push(child)
      const count =
        Math.floor(perServer / readersPerServer) + (i < perServer % readersPerServer ? 1 : 0)
      // Sent once the listener below is in place.
      setImmediate(() => child.send({ type: 'connect', url: server.url, token, count }))
    }
  }
  const collect = <T extends FromReader>(test: (m: FromReader) => m is T) =>
    new Promise<T[]>((resolve) => {
      const got: T[] = []
      const l = (m: FromReader) => {
        if (!test(m)) return
        got.push(m)
        if (got.length === children.length) {
          listeners.delete(l)
          resolve(got)
        }
      }
      listeners.add(l)
    })
  const ready = await collect(
    (m): m is Extract<FromReader, { type: 'connected' }> => m.type === 'connected',
  )
  return {
    open: ready.reduce((s, m) => s + m.count, 0),
    failed: ready.reduce((s, m) => s + m.failed, 0),
    nextArrivals: async () =>
      (
        await collect((m): m is Extract<FromReader, { type: 'arrivals' }> => m.type === 'arrivals')
      ).flatMap((m) => m.times),
    async stop() {
      for (const c of children) c.send({ type: 'stop' })
      await Promise.all(
        children.map(
          (c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))),
        ),
      )
    },
  }
}

async function propagation(servers: AndonServer[], readers: Readers) {
  const last: number[] = []
  for (let i = 0; i < CHANGES; i++) {
    const via = servers[i % servers.length] as AndonServer
    const arrived = readers.nextArrivals()
    const res = await fetch(`${via.url}/api/v1/flags/bench-flag/environments/production`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${via.secrets.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled: i % 2 === 0 }),
    })
    await res.text()
    const answered = nowNs()
    if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`)
    const times = await arrived
    last.push(Math.max(0, ms(Math.max(...times) - answered)))
    await new Promise((r) => setTimeout(r, 50))
  }
  last.sort((a, b) => a - b)
  return {
    p50: quantile(last, 0.5),
    p99: quantile(last, 0.99),
    max: last[last.length - 1] as number,
  }
}

/** A request of a load: its answer's status. */
type Request = (server: AndonServer, worker: number, i: number) => Promise<number>

/** The loads' connections (_http-call.ts): Node's http with keep-alive, as the server bench's. */
const agent = new Agent({ keepAlive: true, maxSockets: WORKERS })

const send = async (url: string, token: string, method: string, body: unknown) =>
  (await httpCall(agent, url, method, token, body)).status

/**
 * Requests per second answered with `ok` by WORKERS loops over LOAD_MS, spread over servers,
 * after WARM_MS per server of the same load uncounted: each process compiles its hot paths
 * first, and one that takes a third of the load takes three times as long to see as many
 * requests (otherwise three cold processes are measured against one warm one).
 */
async function throughput(servers: AndonServer[], request: Request, ok: number) {
  await load(servers, request, ok, WARM_MS * servers.length, 0)
  const cpu = countCpu(servers.map((s) => s.child.pid as number))
  const measured = await load(servers, request, ok, LOAD_MS, WARM_REQUESTS)
  const spent = cpu.stop()
  const answered = (measured.perSecond * LOAD_MS) / 1000
  return {
    ...measured,
    /** CPU milliseconds per request answered: the servers', PostgreSQL's. */
    cpuMs: { servers: spent.servers / answered, postgres: spent.postgres / answered },
  }
}

async function load(
  servers: AndonServer[],
  request: Request,
  ok: number,
  durationMs: number,
  firstRequest: number,
) {
  let done = 0
  let failed = 0
  const until = performance.now() + durationMs
  const started = performance.now()
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      const server = servers[w % servers.length] as AndonServer
      for (let i = firstRequest; performance.now() < until; i++) {
        if ((await request(server, w, i)) === ok) done++
        else failed++
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { perSecond: done / seconds, failed }
}

async function measure(label: string, servers: AndonServer[]) {
  const first = servers[0] as AndonServer
  const token = first.secrets.keys['production server'] as string
  await first.admin('POST', '/api/v1/flags', { key: 'bench-flag' })
  for (let w = 0; w < WORKERS; w++) await first.admin('POST', '/api/v1/flags', { key: `w-${w}` })
  const t = performance.now()
  const readers = await openReaders(servers, STREAMS * 3, token)
  const connectS = (performance.now() - t) / 1000
  let spread
  try {
    spread = await propagation(servers, readers)
  } finally {
    await readers.stop()
  }
  const edit: Request = (server, w, i) =>
    send(
      `${server.url}/api/v1/flags/w-${w}/environments/production`,
      server.secrets.admin,
      'PATCH',
      { enabled: i % 2 === 0 },
    )
  const writes = await throughput(servers, edit, 200)
  // The same writers through one process of several: what the spread over processes costs.
  const writesViaOne =
    servers.length > 1 ? await throughput(servers.slice(0, 1), edit, 200) : undefined
  const events = await throughput(
    servers,
    (server, w, i) =>
      send(`${server.url}/sdk/v1/events`, token, 'POST', {
        id: `${label}-${w}-${i}-batch`,
        startedAt: Date.now() - 1000,
        endedAt: Date.now(),
        exposures: [
          { flag: `w-${w}`, variation: 0, count: 50 },
          { flag: `w-${w}`, variation: 1, count: 50 },
        ],
        metrics: [],
        dropped: 0,
      }),
    202,
  )
  return {
    label,
    streams: readers.open,
    failedStreams: readers.failed,
    connectS,
    spread,
    writes,
    writesViaOne,
    events,
  }
}

const cpuPerWrite = (cpu: { servers: number; postgres: number }) =>
  `${cpu.servers.toFixed(2)} + ${cpu.postgres.toFixed(2)} ms`

export async function run(): Promise<void> {
  const results = []
  const database = await freshDatabase('andon_bench_cluster')
  const cluster: AndonServer[] = []
  try {
    const env = { ANDON_DATABASE_URL: database.url, ANDON_DATABASE_POOL: '8' }
    cluster.push(await startAndonServer({ env }))
    const secrets = cluster[0]?.secrets
    cluster.push(await startAndonServer({ env, secrets }), await startAndonServer({ env, secrets }))
    results.push(await measure('postgres', cluster))
  } finally {
    await Promise.all(cluster.map((s) => s.stop('SIGKILL')))
    await database.drop()
  }
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-cluster-'))
  const single = await startAndonServer({ dataDir: dir })
  try {
    results.push(await measure('sqlite', [single]))
  } finally {
    await single.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(
    `\n| store | processes | streams open | edit → every stream parsed it: p50 / p99 / max (${CHANGES} changes) | acknowledged writes/s | CPU per write: servers + PostgreSQL | writes/s, all through one process | events accepted/s (batches/s) |`,
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const r of results) {
    const processes = r.label === 'postgres' ? 3 : 1
    console.log(
      `| ${r.label === 'postgres' ? 'PostgreSQL' : 'SQLite'} | ${processes} | ${r.streams} (${r.failedStreams} failed, ${r.connectS.toFixed(1)} s) | ${r.spread.p50.toFixed(1)} / ${r.spread.p99.toFixed(1)} / ${r.spread.max.toFixed(1)} ms | ${r.writes.perSecond.toFixed(0)} | ${cpuPerWrite(r.writes.cpuMs)} | ${r.writesViaOne?.perSecond.toFixed(0) ?? '(one process)'} | ${(r.events.perSecond * 100).toFixed(0)} (${r.events.perSecond.toFixed(0)}) |`,
    )
  }
}
