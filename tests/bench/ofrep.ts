/**
 * `npm run bench -- ofrep`: OFREP evaluation over HTTP against the server in its own process,
 * with 100 flags in the environment, from keep-alive node:http clients in another process.
 * Per endpoint, two phases: the most requests per second that 32 requests in flight get
 * (closed loop), then the latency at half that rate, requests sent on a fixed schedule
 * whatever the answers do (open loop; each latency counts from the request's scheduled time,
 * so a stall shows in every request it delays). Endpoints with a target get a third, paced at
 * half the target's rate, where the target puts its p99. The baselines are measured the same way in the
 * same run: a bare node:http server answering `{}` in its own process (what this machine and
 * its load allow at all), and the server's `GET /healthz` and `GET /sdk/v1/flags`.
 * Run as `ofrep.ts --client` it is the client process.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '../server/server-process.js'
import { printTable, quantile } from './_timing.js'
import { buildServer } from './server.js'

const FLAGS = 100
const USERS = 1000
const CONCURRENCY = 32
const WARM_MS = 1000
const PHASE_MS = 5000
const TARGETS: Record<string, { rate: number; p99: number } | undefined> = {
  single: { rate: 8000, p99: 10 },
  bulk: { rate: 1500, p99: 10 },
}

/** One kind of request: what the client sends, prepared once. */
interface Target {
  name: string
  method: 'GET' | 'POST'
  path: string
  token?: string
  /** One body per user, rotated, so that no answer is the same twice in a row. */
  bodies?: string[]
}

type ToClient =
  | { type: 'phase'; url: string; target: Target; mode: 'closed' | 'open'; rate: number }
  | { type: 'stop' }
type FromClient = {
  type: 'result'
  done: number
  /** Every request answered, the warm-up's too: what the server's CPU time was spent on. */
  total: number
  failed: number
  ms: number
  latencies: number[]
}

/** The client process: runs one phase at a time and reports its figures. */
function clientMain() {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  process.on('message', (m: ToClient) => {
    if (m.type === 'stop') {
      agent.destroy()
      process.exit(0)
    }
    void phase(m.url, m.target, m.mode, m.rate).then((r) => process.send?.(r))
  })

  function once(base: URL, t: Target, i: number): Promise<number> {
    return new Promise((resolve) => {
      const body = t.bodies?.[i % t.bodies.length]
      const headers: Record<string, string> = {}
      if (t.token !== undefined) headers.Authorization = `Bearer ${t.token}`
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      const req = request(
        { agent, host: base.hostname, port: base.port, method: t.method, path: t.path, headers },
        (res) => {
          res.on('data', () => {})
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', () => resolve(0))
      req.end(body)
    })
  }

  async function phase(url: string, t: Target, mode: 'closed' | 'open', rate: number) {
    const base = new URL(url)
    const latencies: number[] = []
    let done = 0
    let total = 0
    let failed = 0
    let i = 0
    const record = (status: number, started: number, measuring: boolean) => {
      total++
      if (!measuring) return
      done++
      if (status !== 200) failed++
      latencies.push(performance.now() - started)
    }
    const start = performance.now()
    const measureFrom = start + WARM_MS
    const end = measureFrom + PHASE_MS
    if (mode === 'closed') {
      const worker = async () => {
        while (performance.now() < end) {
          const t0 = performance.now()
          const status = await once(base, t, i++)
          record(status, t0, t0 >= measureFrom)
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    } else {
      // Each request has its slot on the schedule; a late timer sends the overdue ones at once.
      const interval = 1000 / rate
      let next = start
      const inFlight: Promise<void>[] = []
      await new Promise<void>((resolve) => {
        const tick = () => {
          const now = performance.now()
          while (next <= now && next < end) {
            const slot = next
            inFlight.push(once(base, t, i++).then((s) => record(s, slot, slot >= measureFrom)))
            next += interval
          }
          if (next >= end) resolve()
          else setTimeout(tick, Math.max(0, Math.min(1, next - performance.now())))
        }
        tick()
      })
      await Promise.all(inFlight)
    }
    return {
      type: 'result',
      done,
      total,
      failed,
      ms: PHASE_MS,
      latencies,
    } satisfies FromClient
  }
}

/** CPU seconds a process has used, from /proc: user and system time, in 1/100 s ticks. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * Ask the client process for one phase. Besides rate and latency, the server's CPU time per
 * answered request: on a machine that other work shares, what the server itself costs.
 */
function measure(
  client: ReturnType<typeof fork>,
  url: string,
  serverPid: number,
  target: Target,
  mode: 'closed' | 'open',
  rate = 0,
) {
  const cpuBefore = cpuSeconds(serverPid)
  return new Promise<{ rate: number; p50: number; p99: number; failed: number; cpuUs: number }>(
    (resolve) => {
      client.once('message', (r: FromClient) => {
        const sorted = r.latencies.sort((a, b) => a - b)
        resolve({
          rate: r.done / (r.ms / 1000),
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          failed: r.failed,
          cpuUs: ((cpuSeconds(serverPid) - cpuBefore) / r.total) * 1e6,
        })
      })
      client.send({ type: 'phase', url, target, mode, rate } satisfies ToClient)
    },
  )
}

async function seed(call: (m: string, p: string, b?: unknown) => Promise<unknown>) {
  for (let i = 0; i < FLAGS; i++) {
    const key = `flag-${String(i).padStart(3, '0')}`
    await call('POST', '/api/v1/flags', { key, clientSide: i % 2 === 0 })
    // As the server bench: a target list, a rule and a rollout on most flags.
    await call('PATCH', `/api/v1/flags/${key}/environments/production`, {
      enabled: i % 3 !== 0,
      targets: [{ variation: 1, values: [`user-${i}`, `user-${i + 1}`] }],
      rules: [
        {
          id: 'nordics',
          clauses: [{ attribute: 'country', op: 'in', values: ['SE', 'NO', 'DK', 'FI'] }],
          serve: { variation: 1 },
        },
      ],
      fallthrough: {
        rollout: {
          variations: [
            { variation: 1, weight: (i * 997) % 100001 },
            { variation: 0, weight: 100000 - ((i * 997) % 100001) },
          ],
        },
      },
    })
  }
}

/** The bare baseline: node:http answering `{}` to anything, in its own process. */
async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => {
    s.writeHead(200, { 'Content-Type': 'application/json' }); s.end('{}') }) })
    .listen(0, '127.0.0.1', function () { console.log(this.address().port) })`
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(String(d).trim())),
  )
  return { url: `http://127.0.0.1:${port}`, child }
}

function contexts(): string[] {
  const countries = ['SE', 'DE', 'US', 'FR', 'NO']
  return Array.from({ length: USERS }, (_, i) =>
    JSON.stringify({
      context: { targetingKey: `user-${i}`, country: countries[i % 5], plan: 'pro' },
    }),
  )
}

export async function run(): Promise<void> {
  buildServer()
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-ofrep-'))
  const server = await startServer(dir, undefined, { built: true })
  const client = fork(fileURLToPath(import.meta.url), ['--client'], {
    execArgv: ['--import', 'tsx'],
  })
  const bare = await startBare()
  try {
    await seed(server.admin)
    const key = server.secrets.keys['production server']!
    const bodies = contexts()
    const targets: (Target & { url?: string })[] = [
      {
        name: 'baseline: bare node:http, POST',
        method: 'POST',
        path: '/',
        bodies,
        url: bare.url,
      },
      { name: 'baseline: GET /healthz', method: 'GET', path: '/healthz' },
      {
        name: `baseline: GET /sdk/v1/flags (${FLAGS} flags)`,
        method: 'GET',
        path: '/sdk/v1/flags',
        token: key,
      },
      {
        name: 'single',
        method: 'POST',
        path: '/ofrep/v1/evaluate/flags/flag-042',
        token: key,
        bodies,
      },
      { name: 'bulk', method: 'POST', path: '/ofrep/v1/evaluate/flags', token: key, bodies },
    ]
    const rows: string[][] = []
    const loadBefore = loadavg()[0]!
    for (const t of targets) {
      const url = t.url ?? server.url
      const pid = (t.url === undefined ? server.child.pid : bare.child.pid)!
      const max = await measure(client, url, pid, t, 'closed')
      const half = await measure(client, url, pid, t, 'open', max.rate / 2)
      const target = TARGETS[t.name]
      // The latency target holds at half the target's rate, whatever this machine's most.
      const atTarget = target && (await measure(client, url, pid, t, 'open', target.rate / 2))
      const label =
        t.name === 'single'
          ? 'POST /ofrep/v1/evaluate/flags/{key}'
          : t.name === 'bulk'
            ? `POST /ofrep/v1/evaluate/flags (${FLAGS} flags)`
            : t.name
      const verdict =
        target === undefined
          ? '—'
          : `≥ ${target.rate} /s, p99 ≤ ${target.p99} ms at ${target.rate / 2} /s: ${max.rate >= target.rate && atTarget && atTarget.p99 <= target.p99 ? 'met' : 'MISSED'}`
      rows.push([
        label,
        `${max.rate.toFixed(0)} /s`,
        `${max.p50.toFixed(2)} / ${max.p99.toFixed(2)} ms`,
        `${half.rate.toFixed(0)} /s`,
        `${half.p50.toFixed(2)} / ${half.p99.toFixed(2)} ms`,
        atTarget ? `${atTarget.p50.toFixed(2)} / ${atTarget.p99.toFixed(2)} ms` : '—',
        `${max.cpuUs.toFixed(0)} µs (${(1e6 / max.cpuUs).toFixed(0)} /s)`,
        String(max.failed + half.failed + (atTarget ? atTarget.failed : 0)),
        verdict,
      ])
      console.log(`${label}: done`)
    }
    console.log('')
    printTable(
      [
        'endpoint',
        `most req/s (${CONCURRENCY} in flight)`,
        'p50 / p99 there',
        'paced at half',
        'p50 / p99 at half',
        'p50 / p99 at half the target rate',
        'server CPU per request (req/s per core)',
        'non-200',
        'target',
      ],
      rows,
    )
    // Other work on the machine lowers every rate alike; the CPU per request is the server's own.
    console.log(
      `\n${cpus().length} cores; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
    )
  } finally {
    client.send({ type: 'stop' } satisfies ToClient)
    bare.child.kill()
    await server.stop('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv.includes('--client')) clientMain()
