/**
 * `npm run bench -- server`: the server in its own process on a real SQLite file, with 1,000
 * flags. Measures GET /sdk/v1/flags latency (p50/p99, one request at a time, keep-alive) and
 * flag updates acknowledged per second (PATCH of an environment config, sequential and with 8
 * in flight). Each figure is the median of three rounds.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type ServerProcess } from '../server/server-process.js'
import { httpCall as call } from './_http-call.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tscPath = createRequire(import.meta.url).resolve('typescript/bin/tsc')

const FLAGS = 1000
const GETS = 2000
const UPDATE_MS = 3000
const ROUNDS = 3

const agent = new Agent({ keepAlive: true, maxSockets: 16 })

const httpCall = (
  url: string,
  method: string,
  token: string,
  body?: unknown,
  extra?: Record<string, string>,
) => call(agent, url, method, token, body, extra)

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  )

async function seed(server: ServerProcess) {
  const admin = server.secrets.admin
  for (let i = 0; i < FLAGS; i++) {
    const key = `flag-${String(i).padStart(4, '0')}`
    await httpCall(`${server.url}/api/v1/flags`, 'POST', admin, { key, tags: ['bench'] })
    // A realistic mix: a ramp, a target list and a rule on most flags.
    await httpCall(`${server.url}/api/v1/flags/${key}/environments/production`, 'PATCH', admin, {
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
            { variation: 1, weight: (i * 97) % 100001 },
            { variation: 0, weight: 100000 - ((i * 97) % 100001) },
          ],
        },
      },
    })
  }
}

async function getLatencies(server: ServerProcess, headers: Record<string, string> = {}) {
  const url = `${server.url}/sdk/v1/flags`
  const token = server.secrets.keys['production server'] as string
  let bytes = 0
  for (let i = 0; i < 200; i++)
    bytes = (await httpCall(url, 'GET', token, undefined, headers)).bytes
  const times: number[] = []
  for (let i = 0; i < GETS; i++) {
    const t = performance.now()
    const res = await httpCall(url, 'GET', token, undefined, headers)
    times.push(performance.now() - t)
    if (res.status !== 200) throw new Error(`GET answered ${res.status}`)
  }
  times.sort((a, b) => a - b)
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), bytes }
}

async function updatesPerSecond(server: ServerProcess, inFlight: number) {
  const admin = server.secrets.admin
  let done = 0
  const end = performance.now() + UPDATE_MS
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const key = `flag-${String((w * 101 + i) % FLAGS).padStart(4, '0')}`
      const res = await httpCall(
        `${server.url}/api/v1/flags/${key}/environments/production`,
        'PATCH',
        admin,
        { enabled: i % 2 === 0 },
      )
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`)
      done++
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)))
  return done / ((performance.now() - start) / 1000)
}

/** Benchmarks run the built server, as `npm start` does; this brings the build up to date. */
export function buildServer(): void {
  execFileSync(process.execPath, [tscPath, '-b', 'server'], { cwd: root, stdio: 'inherit' })
}

export async function run(): Promise<void> {
  buildServer()
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-server-'))
  const server = await startServer(dir, undefined, { built: true })
  try {
    const t = performance.now()
    await seed(server)
    console.log(`seeded ${FLAGS} flags in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    type Get = Awaited<ReturnType<typeof getLatencies>>
    const rounds: (Get & { gz: Get; seq: number; par: number })[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const get = await getLatencies(server)
      const gz = await getLatencies(server, { 'Accept-Encoding': 'gzip' })
      const seq = await updatesPerSecond(server, 1)
      const par = await updatesPerSecond(server, 8)
      rounds.push({ ...get, gz, seq, par })
    }
    const m = (f: (x: (typeof rounds)[number]) => number) => median(rounds.map(f))
    console.log(`\n| measure (median of ${ROUNDS} rounds) | value |`)
    console.log('| --- | --- |')
    console.log(
      `| GET /sdk/v1/flags payload, ${FLAGS} flags | ${(m((x) => x.bytes) / 1024).toFixed(0)} KiB |`,
    )
    console.log(`| GET /sdk/v1/flags p50 | ${m((x) => x.p50).toFixed(2)} ms |`)
    console.log(`| GET /sdk/v1/flags p99 | ${m((x) => x.p99).toFixed(2)} ms |`)
    console.log(
      `| GET /sdk/v1/flags gzip (${(m((x) => x.gz.bytes) / 1024).toFixed(0)} KiB) p50 / p99 | ${m((x) => x.gz.p50).toFixed(2)} / ${m((x) => x.gz.p99).toFixed(2)} ms |`,
    )
    console.log(`| flag updates acknowledged, 1 in flight | ${m((x) => x.seq).toFixed(0)} /s |`)
    console.log(`| flag updates acknowledged, 8 in flight | ${m((x) => x.par).toFixed(0)} /s |`)
  } finally {
    await server.stop('SIGTERM')
    agent.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
}
