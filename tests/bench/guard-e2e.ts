/**
 * `npm run bench -- guard-e2e`: the immune system end to end on a real server. A server
 * process; N Node SDKs (`@andon/sdk-node`) on its stream, serving a released flag; one more
 * SDK that reports: it evaluates the flag for its users (exposures) and `track`s their errors,
 * attributed by the SDK to the variation each user got. Each trip: users at equal or better
 * error rates first (the guard watches, no decision), then users whose treatment fails ten
 * times as often; timed from that SDK's `flush()` (the post that carries the decisive events)
 * until every connected SDK serves the off variation. Between trips the flag is switched back
 * on, which starts a new observation window. Target: at most 1 s.
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
/** Users per phase: about half of them get each variation. */
const USERS = 2000

/** A small deterministic generator, so every run reports the same events. */
function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
}

/** Evaluates the flag for fresh users and tracks their errors at each variation's rate. */
function report(
  reporter: AndonClient,
  first: number,
  errorRate: [number, number],
  random: () => number,
) {
  for (let u = first; u < first + USERS; u++) {
    const user = { key: `user-${u}` }
    const variation = reporter.boolVariationDetail(FLAG, user, false).variationIndex ?? 0
    if (random() < (errorRate[variation] ?? 0)) reporter.track('errors', user)
  }
}

const servesOff = (c: AndonClient, i: number) =>
  c.boolVariationDetail(FLAG, { key: `reader-${i}` }, true).reason.kind === 'OFF'

/** Resolves once every client satisfies `test`, with the time each first did. */
function allClients(clients: AndonClient[], test: (c: AndonClient, i: number) => boolean) {
  const times: number[] = new Array(clients.length).fill(NaN)
  let left = clients.length
  return new Promise<number[]>((resolve) => {
    clients.forEach((c, i) => {
      const check = () => {
        if (!Number.isNaN(times[i] as number) || !test(c, i)) return
        times[i] = performance.now()
        c.off('change', check)
        if (--left === 0) resolve(times)
      }
      c.on('change', check)
      check()
    })
  })
}

async function guardState(server: ServerProcess): Promise<string> {
  const res = await server.call('GET', `/api/v1/flags/${FLAG}/environments/production/guards`)
  return res.json.guards[0].state
}

export async function run(): Promise<void> {
  buildServer()
  const dir = mkdtempSync(join(tmpdir(), 'andon-bench-guard-'))
  const server = await startServer(dir, undefined, { built: true })
  const readers: AndonClient[] = []
  let reporter: AndonClient | undefined
  try {
    const sdkKey = server.secrets.keys['production server'] as string
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
    // Only the reporter posts events, and only when told: the timing starts at its flush.
    reporter = createClient({ baseUrl: server.url, sdkKey, flushIntervalMs: 3_600_000 })
    for (let i = 0; i < SDKS; i++) {
      readers.push(createClient({ baseUrl: server.url, sdkKey, sendEvents: false }))
    }
    const everyone = [reporter, ...readers]
    const ready = await Promise.all(everyone.map((c) => c.ready({ timeoutMs: 30_000 })))
    if (ready.some((r) => !r)) throw new Error('not every SDK became ready')
    await server.metricSettled('andon_open_streams', SDKS + 1)

    const random = seeded(42)
    let user = 0
    const answers: number[] = []
    const alls: number[] = []
    for (let t = 0; t < TRIPS; t++) {
      if (t > 0) {
        const on = allClients(everyone, (c, i) => !servesOff(c, i))
        await server.call('PATCH', `/api/v1/flags/${FLAG}/environments/production`, {
          enabled: true,
        })
        await on
      }
      report(reporter, user, [0.01, 0.005], random)
      user += USERS
      await reporter.flush()
      const state = await guardState(server)
      if (state !== 'watching') throw new Error(`the guard is ${state}, not watching`)

      report(reporter, user, [0.01, 0.1], random)
      user += USERS
      const off = allClients(readers, servesOff)
      const sent = performance.now()
      await reporter.flush()
      answers.push(performance.now() - sent)
      alls.push(Math.max(...(await off)) - sent)
      if ((await guardState(server)) !== 'tripped') throw new Error('the guard did not trip')
    }
    console.log(
      `${SDKS} Node SDKs on the stream of a real server, one more reporting events; ${TRIPS} trips, ` +
        `each a fresh window: ${USERS} users at 1 % errors (control) and 0.5 % (treatment), ` +
        `then ${USERS} at 1 % and 10 %`,
    )
    printTable(
      ["from the reporting SDK's flush() of the decisive events", 'median (min–max), ms', 'target'],
      [
        ['until flush() resolved (posted, flag off, committed)', formatStats(stats(answers)), ''],
        [
          'until every connected SDK serves the off variation',
          formatStats(stats(alls)),
          '≤ 1000 ms',
        ],
      ],
    )
  } finally {
    await Promise.all([...readers, ...(reporter ? [reporter] : [])].map((c) => c.close()))
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
