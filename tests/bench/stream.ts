/**
 * `npm run bench -- stream`: the server in its own process, N raw SSE readers spread over a
 * few client processes. For each of 50 flag changes made through the admin API: the time from
 * the API's answer until every connection has parsed the `patch`, then p50, p99 and max over
 * the 50 changes; also the server's RSS and CPU while the N streams sit idle.
 * Clocks: process.hrtime is CLOCK_MONOTONIC, the same in every process on the machine.
 * Run as `stream.ts --client` it is one of the client processes.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer, type ServerProcess } from '../server/server-process.js'
import { buildServer } from './server.js'

const CHANGES = 50
const CLIENT_PROCESSES = 4
const IDLE_SAMPLE_MS = 10_000

const nowNs = () => Number(process.hrtime.bigint())
const ms = (ns: number) => ns / 1e6

type FromClient =
  | { type: 'connected'; count: number; failed: number }
  | { type: 'arrivals'; id: number; times: number[] }
type ToClient = { type: 'connect'; url: string; token: string; count: number } | { type: 'stop' }

/** One client process: opens its streams, reports each patch's arrival times per event id. */
function clientMain() {
  const arrivals = new Map<number, number[]>()
  let expected = 0
  const send = (m: FromClient) => process.send?.(m)
  function open(url: string, token: string): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request(
        `${url}/sdk/v1/stream`,
        { agent: false, headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          let buffer = ''
          let ready = false
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            buffer += chunk
            let end: number
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end)
              buffer = buffer.slice(end + 2)
              if (block.startsWith('event: put') && !ready) {
                ready = true
                resolve(true)
              } else if (block.startsWith('event: patch')) {
                const id = Number(/\nid: (\d+)/.exec(block)?.[1])
                const data = block.slice(block.indexOf('\ndata: ') + 7)
                JSON.parse(data)
                const at = nowNs()
                let list = arrivals.get(id)
                if (list === undefined) arrivals.set(id, (list = []))
                list.push(at)
                if (list.length === expected) {
                  send({ type: 'arrivals', id, times: list })
                  arrivals.delete(id)
                }
              }
            }
          })
          res.on('error', () => resolve(false))
        },
      )
      req.on('error', () => resolve(false))
      req.end()
    })
  }
  const connect = async (m: Extract<ToClient, { type: 'connect' }>) => {
    expected = m.count
    let failed = 0
    let next = 0
    const worker = async () => {
      while (next < m.count) {
        next++
        if (!(await open(m.url, m.token))) failed++
      }
    }
    await Promise.all(Array.from({ length: 100 }, worker))
    expected = m.count - failed
    send({ type: 'connected', count: m.count - failed, failed })
  }
  process.on('message', (m: ToClient) => {
    if (m.type === 'stop') process.exit(0)
    // `open` settles every connection as true or false: nothing here can reject.
    void connect(m)
  })
}

function procStat(pid: number) {
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const ticks = Number(fields[11]) + Number(fields[12])
  return { rss, cpuSeconds: ticks / 100 }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number

async function measure(server: ServerProcess, n: number) {
  const token = server.secrets.keys['production server'] as string
  const clients: ChildProcess[] = []
  const listeners = new Set<(m: FromClient) => void>()
  for (let i = 0; i < CLIENT_PROCESSES; i++) {
    const child = fork(fileURLToPath(import.meta.url), ['--client'], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    })
    child.on('message', (m: FromClient) => listeners.forEach((l) => l(m)))
    clients.push(child)
  }
  const waitFor = <T extends FromClient>(test: (m: FromClient) => m is T, count: number) =>
    new Promise<T[]>((resolve) => {
      const got: T[] = []
      const l = (m: FromClient) => {
        if (!test(m)) return
        got.push(m)
        if (got.length === count) {
          listeners.delete(l)
          resolve(got)
        }
      }
      listeners.add(l)
    })
  try {
    const t = performance.now()
    const connected = waitFor(
      (m): m is Extract<FromClient, { type: 'connected' }> => m.type === 'connected',
      CLIENT_PROCESSES,
    )
    clients.forEach((c, i) => {
      const count = Math.floor(n / CLIENT_PROCESSES) + (i < n % CLIENT_PROCESSES ? 1 : 0)
      c.send({ type: 'connect', url: server.url, token, count } satisfies ToClient)
    })
    const ready = await connected
    const open = ready.reduce((s, m) => s + m.count, 0)
    const failed = ready.reduce((s, m) => s + m.failed, 0)
    const connectS = (performance.now() - t) / 1000

    await new Promise((r) => setTimeout(r, 1000))
    const a = procStat(server.child.pid as number)
    await new Promise((r) => setTimeout(r, IDLE_SAMPLE_MS))
    const b = procStat(server.child.pid as number)
    const idleCpu = ((b.cpuSeconds - a.cpuSeconds) / (IDLE_SAMPLE_MS / 1000)) * 100

    const lastArrival: number[] = []
    const perConnection: number[] = []
    const fromSent: number[] = []
    const roundTrip: number[] = []
    for (let i = 0; i < CHANGES; i++) {
      const arrived = waitFor(
        (m): m is Extract<FromClient, { type: 'arrivals' }> => m.type === 'arrivals',
        CLIENT_PROCESSES,
      )
      const sent = nowNs()
      const res = await fetch(`${server.url}/api/v1/flags/bench-flag/environments/production`, {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${server.secrets.admin}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ enabled: i % 2 === 0 }),
      })
      await res.text()
      const answered = nowNs()
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`)
      const reports = await arrived
      const times = reports.flatMap((r) => r.times)
      // A patch can reach a client before the API's answer reaches the admin: that counts as 0.
      for (const at of times) perConnection.push(Math.max(0, ms(at - answered)))
      lastArrival.push(Math.max(0, ms(Math.max(...times) - answered)))
      fromSent.push(ms(Math.max(...times) - sent))
      roundTrip.push(ms(answered - sent))
      await new Promise((r) => setTimeout(r, 50))
    }
    for (const xs of [lastArrival, perConnection, fromSent, roundTrip]) xs.sort((x, y) => x - y)
    return {
      n,
      open,
      failed,
      connectS,
      rssMb: b.rss / 2 ** 20,
      idleCpu,
      p50: quantile(lastArrival, 0.5),
      p99: quantile(lastArrival, 0.99),
      max: lastArrival[lastArrival.length - 1] as number,
      connP50: quantile(perConnection, 0.5),
      connP99: quantile(perConnection, 0.99),
      sentP50: quantile(fromSent, 0.5),
      sentMax: fromSent[fromSent.length - 1] as number,
      patchP50: quantile(roundTrip, 0.5),
    }
  } finally {
    for (const c of clients) {
      c.send({ type: 'stop' } satisfies ToClient)
    }
    await Promise.all(
      clients.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    )
  }
}

export async function run(): Promise<void> {
  buildServer()
  const sizes = (process.env.ANDON_BENCH_STREAMS ?? '1000,10000').split(',').map(Number)
  const results: (Awaited<ReturnType<typeof measure>> & { baselineMb: number })[] = []
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'andon-bench-stream-'))
    const server = await startServer(dir, undefined, { built: true })
    try {
      for (let i = 0; i < 20; i++) {
        await server.call('POST', '/api/v1/flags', { key: i === 0 ? 'bench-flag' : `flag-${i}` })
      }
      const baseline = procStat(server.child.pid as number)
      const r = await measure(server, n)
      results.push({ ...r, baselineMb: baseline.rss / 2 ** 20 })
      console.log(`N=${n}: ${r.open} open (${r.failed} failed) in ${r.connectS.toFixed(1)} s`)
    } finally {
      await server.stop('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(
    `\n| streams | from the API's answer until every connection parsed the patch: p50 / p99 / max over ${CHANGES} changes | one connection: p50 / p99 | PATCH round trip p50 | from the PATCH sent until every connection parsed it: p50 / max | server RSS idle (before streams) | server CPU idle |`,
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const r of results) {
    console.log(
      `| ${r.n} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} / ${r.max.toFixed(1)} ms | ${r.connP50.toFixed(1)} / ${r.connP99.toFixed(1)} ms | ${r.patchP50.toFixed(1)} ms | ${r.sentP50.toFixed(1)} / ${r.sentMax.toFixed(1)} ms | ${r.rssMb.toFixed(0)} MB (${r.baselineMb.toFixed(0)} MB) | ${r.idleCpu.toFixed(1)} % |`,
    )
  }
}

if (process.argv.includes('--client')) clientMain()
