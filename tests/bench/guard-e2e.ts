/**
 * `npm run bench -- guard-e2e`: the immune system end to end on a real server. A server
 * process, N Node SDKs (`@andon/sdk-node`) connected to its stream, a released flag with an
 * error-rate guard. Each trip: events at equal rates first (the guard watches, no decision),
 * then the decisive batch; timed from sending that `POST /sdk/v1/events` until every SDK
 * serves the off variation. Between trips the flag is switched back on, which starts a new
 * observation window. Target: at most 1 s.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type AndonClient } from '@andon/sdk-node'
import { startServer, type ServerProcess } from '../server/server-process.js'
import { buildServer } from './server.js'
import { formatStats, printTable, stats } from './_timing.js'

const SDKS = Number(process.env.GUARD_E2E_SDKS ?? 200)
const TRIPS = 10
const FLAG = 'guarded-release'
const PER_ARM = 1000

let batchSeq = 0

function batch(controlErrors: number, treatmentErrors: number) {
  const metric = (variation: number, count: number) => ({
    metric: 'errors',
    flag: FLAG,
    variation,
    count,
    sum: count,
    sumSquares: count,
  })
  return JSON.stringify({
    id: `guard-e2e-${process.pid}-${++batchSeq}`,
    startedAt: Date.now() - 5000,
    endedAt: Date.now(),
    exposures: [
      { flag: FLAG, variation: 0, count: PER_ARM },
      { flag: FLAG, variation: 1, count: PER_ARM },
    ],
    metrics: [metric(0, controlErrors), metric(1, treatmentErrors)],
    dropped: 0,
  })
}

async function postEvents(server: ServerProcess, token: string, body: string) {
  const res = await fetch(`${server.url}/sdk/v1/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body,
  })
  if (res.status !== 202) throw new Error(`events answered ${res.status}: ${await res.text()}`)
}

const servesOff = (c: AndonClient, i: number) =>
  c.boolVariationDetail(FLAG, { key: `user-${i}` }, true).reason.kind === 'OFF'

/** Resolves once every client satisfies `test`, with the time each first did. */
function allClients(clients: AndonClient[], test: (c: AndonClient, i: number) => boolean) {
  const times: number[] = new Array(clients.length).fill(NaN)
  let left = clients.length
  const listeners: (() => void)[] = []
  return new Promise<number[]>((resolve) => {
    clients.forEach((c, i) => {
      const check = () => {
        if (!Number.isNaN(times[i] as number) || !test(c, i)) return
        times[i] = performance.now()
        c.off('change', check)
        if (--left === 0) resolve(times)
      }
      listeners.push(check)
      c.on('change', check)
      check()
    })
  })
}

async function trip(server: ServerProcess, token: string, clients: AndonClient[]) {
  // Watching, no decision yet: equal error rates.
  await postEvents(server, token, batch(10, 10))
  const before = await server.call('GET', `/api/v1/flags/${FLAG}/environments/production/guards`)
  const guard = before.json.guards[0]
  if (guard.state !== 'watching') throw new Error(`the guard is ${guard.state}, not watching`)
  const off = allClients(clients, servesOff)
  const decisive = batch(10, 100)
  const sent = performance.now()
  await postEvents(server, token, decisive)
  const answered = performance.now()
  const times = await off
  return { answer: answered - sent, all: Math.max(...times) - sent }
}

export async function run(): Promise<void> {
  buildServer()
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-guard-'))
  const server = await startServer(dir, undefined, { built: true })
  const clients: AndonClient[] = []
  try {
    const token = server.secrets.keys['production server'] as string
    await server.call('POST', '/api/v1/flags', { key: FLAG })
    const rollout = {
      variations: [
        { variation: 0, weight: 50000 },
        { variation: 1, weight: 50000 },
      ],
    }
    await server.call('PATCH', `/api/v1/flags/${FLAG}/environments/production`, {
      enabled: true,
      fallthrough: { rollout },
    })
    const guard = { metric: 'errors', kind: 'rate', worseWhen: 'higher', threshold: 0 }
    const put = await server.call('PUT', `/api/v1/flags/${FLAG}/environments/production/guards`, [
      { ...guard, minSamples: 500, action: 'disable' },
    ])
    if (put.status !== 200) throw new Error(`guards: ${put.status}`)
    for (let i = 0; i < SDKS; i++)
      clients.push(createClient({ baseUrl: server.url, sdkKey: token }))
    const ready = await Promise.all(clients.map((c) => c.ready({ timeoutMs: 30_000 })))
    if (ready.some((r) => !r)) throw new Error('not every SDK became ready')
    await server.metricSettled('andon_open_streams', SDKS)

    const answers: number[] = []
    const alls: number[] = []
    for (let t = 0; t < TRIPS; t++) {
      if (t > 0) {
        const on = allClients(clients, (c, i) => !servesOff(c, i))
        await server.call('PATCH', `/api/v1/flags/${FLAG}/environments/production`, {
          enabled: true,
        })
        await on
      }
      const r = await trip(server, token, clients)
      answers.push(r.answer)
      alls.push(r.all)
    }
    console.log(
      `${SDKS} Node SDKs on the stream of a real server; ${TRIPS} trips, each a fresh window: ` +
        `${PER_ARM} exposures per arm at 1 % errors, then a batch with 10 % in the treatment`,
    )
    printTable(
      ['from sending the decisive POST /sdk/v1/events', 'median (min–max), ms', 'target'],
      [
        ['until its 202 answer (flag off, committed)', formatStats(stats(answers)), ''],
        ['until every SDK serves the off variation', formatStats(stats(alls)), '≤ 1000 ms'],
      ],
    )
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
