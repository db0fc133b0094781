/**
 * `npm run bench -- sdk-node`: the Node SDK's figures.
 * 1. Start-up and heap with 10,000 flags from a bootstrap, next to GrowthBook.
 * 2. `isEnabled` ns/op on the three flags of the core benchmark over 1,000,000 distinct
 *    precomputed contexts, in the same run as GrowthBook, unleash-client and the
 *    LaunchDarkly server SDK, each evaluating the same flags from local data. Andon twice:
 *    offline (no events), and connected with events on, each evaluation counted as an
 *    exposure and flushed every 5 s to a stand-in for the server.
 * 3. Change propagation through the real server (a child process): from the admin API's
 *    answer to the SDK's `change` event, over 100 changes.
 */
import v8 from 'node:v8'
import vm from 'node:vm'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GrowthBookClient } from '@growthbook/growthbook'
import { init as launchDarkly, integrations, type LDClient } from '@launchdarkly/node-server-sdk'
import {
  FLAGS,
  growthbookPayload,
  loopGrowthBook,
  loopUnleash,
  unleashClient,
  type FlagName,
} from './_peers.js'
import type { Payload } from '@andon/core'
import { andonPayload, benchContexts, rollout } from './_andon.js'
import { createClient, type AndonClient, type Context } from '@andon/sdk-node'
import { formatStats, nsPerOp, printTable, quantile, stats } from './_timing.js'
import { freePort, startServer } from '../sdk-node/real-server.js'

const CONTEXTS = 1_000_000
const RUNS = 5

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

// ---------------------------------------------------------------- flags in each library's form

function launchDarklyFlag(name: FlagName) {
  const base = {
    key: name,
    version: 1,
    on: true,
    variations: [false, true],
    offVariation: 0,
    salt: name,
    targets: [],
    prerequisites: [],
  }
  if (name === 'no-rules') return { ...base, rules: [], fallthrough: { variation: 1 } }
  if (name === 'rollout-25') return { ...base, rules: [], fallthrough: { rollout: rollout(25000) } }
  return {
    ...base,
    rules: [
      {
        id: 'nordic-pro',
        clauses: [
          { attribute: 'country', op: 'in', values: ['SE', 'NO'], negate: false },
          { attribute: 'plan', op: 'in', values: ['pro'], negate: false },
        ],
        rollout: rollout(50000),
      },
    ],
    fallthrough: { variation: 0 },
  }
}

async function launchDarklyClient(): Promise<LDClient> {
  const td = new integrations.TestData()
  for (const name of FLAGS) await td.usePreconfiguredFlag(launchDarklyFlag(name))
  const client = launchDarkly('sdk-bench', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: { error() {}, warn() {}, info() {}, debug() {} },
  })
  await client.waitForInitialization({ timeout: 10 })
  return client
}

// ---------------------------------------------------------------- 1. start-up and heap

function heapUsed(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

interface Loaded {
  parseMs: number
  readyMs: number
  heapMB: number
  /** The heap once every flag was evaluated (GrowthBook builds some state on first use). */
  compiledHeapMB?: number
}

/** 100 ms of event-loop turns: for work a client does right after ready, or after close. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

/**
 * Parses the bootstrap and creates the client in a function of its own, so that the heap
 * measured afterwards holds what the client keeps, not the application's parsed bootstrap.
 */
function createFromText(text: string) {
  const t0 = performance.now()
  const bootstrap = JSON.parse(text) as Payload
  const t1 = performance.now()
  return { client: createClient({ offline: true, bootstrap }), t0, t1 }
}

// Each measurement in its own function, so that nothing of it stays reachable afterwards.
async function loadAndon(text: string, count: number): Promise<Loaded> {
  const ctx = { key: 'user-1', country: 'SE', plan: 'pro' }
  const base = heapUsed()
  const { client, t0, t1 } = createFromText(text)
  const ok = await client.ready()
  const t2 = performance.now()
  if (!ok || !client.isEnabled('flag-0', ctx)) throw new Error('Andon did not load the flags')
  // The client compiles the flags right after ready, a step per turn of the event loop.
  await settle()
  const heapMB = (heapUsed() - base) / 1e6
  for (let i = 0; i < count; i++) client.isEnabled(`flag-${i}`, ctx)
  const compiledHeapMB = (heapUsed() - base) / 1e6
  await client.close()
  return { parseMs: t1 - t0, readyMs: t2 - t1, heapMB, compiledHeapMB }
}

function loadGrowthBook(text: string, count: number): Loaded {
  const base = heapUsed()
  const t0 = performance.now()
  const payload = JSON.parse(text)
  const t1 = performance.now()
  const client = new GrowthBookClient().initSync({ payload })
  const t2 = performance.now()
  if (!client.isOn('flag-0', { attributes: { id: 'user-1' } })) throw new Error('GrowthBook?')
  const heapMB = (heapUsed() - base) / 1e6
  for (let i = 0; i < count; i++) client.isOn(`flag-${i}`, { attributes: { id: 'user-1' } })
  const compiledHeapMB = (heapUsed() - base) / 1e6
  // Used after the measurement, so that the client is still reachable while it is taken.
  if (!client.isOn('flag-0', { attributes: { id: 'user-1' } })) throw new Error('GrowthBook?')
  return { parseMs: t1 - t0, readyMs: t2 - t1, heapMB, compiledHeapMB }
}

async function startupAndHeap() {
  const COUNT = 10_000
  const andonText = JSON.stringify(andonPayload(COUNT))
  const gbText = JSON.stringify(growthbookPayload(COUNT))
  const andon: Loaded[] = []
  const gb: Loaded[] = []
  for (let run = 0; run <= RUNS; run++) {
    await settle()
    andon.push(await loadAndon(andonText, COUNT))
    await settle()
    gb.push(loadGrowthBook(gbText, COUNT))
  }
  // The first run is the one an application sees: code not yet optimised. The rest are warm.
  const [andonFirst, ...andonWarm] = andon
  const [gbFirst, ...gbWarm] = gb
  const column = (list: Loaded[], field: keyof Loaded) =>
    formatStats(stats(list.map((l) => l[field]!)), 2)
  const fields = ['parseMs', 'readyMs', 'heapMB', 'compiledHeapMB'] as const
  console.log(
    `### 10,000 flags from a bootstrap: median (min–max) of ${RUNS} warm runs; heap after a full GC\n`,
  )
  printTable(
    [
      '',
      'JSON.parse ms',
      'create → ready ms',
      'heap MB',
      'heap MB, every flag evaluated once',
      'first run: create → ready ms',
    ],
    [
      ['Andon', ...fields.map((f) => column(andonWarm, f)), andonFirst!.readyMs.toFixed(2)],
      ['GrowthBook', ...fields.map((f) => column(gbWarm, f)), gbFirst!.readyMs.toFixed(2)],
    ],
  )
}

// ---------------------------------------------------------------- 2. evaluation

// One loop per library keeps each call site monomorphic, as in an application.
function loopAndon(client: AndonClient, key: string, contexts: Context[]) {
  let on = 0
  for (let i = 0; i < contexts.length; i++) if (client.isEnabled(key, contexts[i]!)) on++
  return on
}

function loopAndonEvents(client: AndonClient, key: string, contexts: Context[]) {
  let on = 0
  for (let i = 0; i < contexts.length; i++) if (client.isEnabled(key, contexts[i]!)) on++
  return on
}

/**
 * A client that counts exposures and posts them, as in production: its `fetch` stands in for
 * the server, with a stream that stays open and silent and a 202 for every batch of events.
 */
function andonWithEvents(batches: { exposures: number }) {
  return createClient({
    baseUrl: 'http://andon.bench',
    sdkKey: 'srv_bench',
    bootstrap: andonPayload(FLAGS.length),
    deadStreamMs: 3_600_000,
    fetch: async (_input, init) => {
      if (init?.method === 'POST') {
        const batch = JSON.parse(String(init.body)) as { exposures: { count: number }[] }
        for (const e of batch.exposures) batches.exposures += e.count
        return new Response(null, { status: 202 })
      }
      const body = new ReadableStream({
        start(controller) {
          init?.signal?.addEventListener('abort', () => controller.error(new Error('closed')))
        },
      })
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })
    },
  })
}

// LaunchDarkly's server SDK evaluates asynchronously: its cost includes the await.
async function loopLaunchDarkly(ld: LDClient, key: string, contexts: object[]) {
  let on = 0
  for (let i = 0; i < contexts.length; i++) {
    if ((await ld.variation(key, contexts[i] as never, false)) === true) on++
  }
  return on
}

async function nsPerOpAsync(ops: number, loop: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await loop()
  return Number(process.hrtime.bigint() - start) / ops
}

async function evaluation() {
  const contexts = benchContexts(CONTEXTS)
  const [andonContexts, gbContexts, unleashContexts, ldContexts] = [
    contexts.andon,
    contexts.growthbook,
    contexts.unleash,
    contexts.launchDarkly,
  ]

  const andon = createClient({ offline: true, bootstrap: andonPayload(FLAGS.length) })
  const posted = { exposures: 0 }
  const andonEvents = andonWithEvents(posted)
  andonEvents.on('error', (e) => console.warn('Andon with events:', e.kind, e.message))
  const gb = new GrowthBookClient().initSync({ payload: growthbookPayload(FLAGS.length) })
  const unleash = await unleashClient()
  const ld = await launchDarklyClient()

  const libraries = {
    Andon: async (key: FlagName) => nsPerOp(CONTEXTS, () => loopAndon(andon, key, andonContexts)),
    'Andon, events on': async (key: FlagName) =>
      nsPerOp(CONTEXTS, () => loopAndonEvents(andonEvents, key, andonContexts)),
    GrowthBook: async (key: FlagName) =>
      nsPerOp(CONTEXTS, () => loopGrowthBook(gb, key, gbContexts)),
    Unleash: async (key: FlagName) =>
      nsPerOp(CONTEXTS, () => loopUnleash(unleash, key, unleashContexts)),
    LaunchDarkly: (key: FlagName) =>
      nsPerOpAsync(CONTEXTS, () => loopLaunchDarkly(ld, key, ldContexts)),
  }
  type Library = keyof typeof libraries
  const samples = new Map<string, number[]>()
  const served = new Map<string, number>()
  served.set('Andon', loopAndon(andon, 'rollout-25', andonContexts))
  served.set('Andon, events on', loopAndonEvents(andonEvents, 'rollout-25', andonContexts))
  served.set('GrowthBook', loopGrowthBook(gb, 'rollout-25', gbContexts))
  served.set('Unleash', loopUnleash(unleash, 'rollout-25', unleashContexts))
  served.set('LaunchDarkly', await loopLaunchDarkly(ld, 'rollout-25', ldContexts))

  for (let run = 0; run <= RUNS; run++) {
    for (const [name, measure] of Object.entries(libraries)) {
      for (const flag of FLAGS) {
        const ns = await measure(flag)
        if (run === 0) continue // warm-up: let the JIT settle
        const list = samples.get(`${name}/${flag}`) ?? []
        list.push(ns)
        samples.set(`${name}/${flag}`, list)
      }
    }
  }
  unleash.destroy()
  ld.close()
  await andon.close()
  await andonEvents.close() // posts what is left

  const of = (lib: Library, flag: FlagName) => stats(samples.get(`${lib}/${flag}`)!)
  const peers: Library[] = ['GrowthBook', 'Unleash', 'LaunchDarkly']
  console.log(
    `\n### isEnabled, ns per evaluation: median (min–max) of ${RUNS} runs over ${CONTEXTS.toLocaleString('en')} distinct contexts; Node ${process.version}\n`,
  )
  printTable(
    ['flag', 'Andon SDK, offline', 'Andon SDK, events on', ...peers, 'fastest peer ÷ Andon'],
    FLAGS.map((flag) => {
      // The peers are compared with the Andon figure that counts exposures, as deployed.
      const a = of('Andon, events on', flag)
      const fastest = Math.min(...peers.map((p) => of(p, flag).median))
      return [
        flag,
        formatStats(of('Andon', flag)),
        formatStats(a),
        ...peers.map(
          (p) => `${formatStats(of(p, flag))} (${(of(p, flag).median / a.median).toFixed(1)}×)`,
        ),
        (fastest / a.median).toFixed(1) + '×',
      ]
    }),
  )
  const share = (lib: Library) => ((100 * served.get(lib)!) / CONTEXTS).toFixed(1) + ' %'
  console.log(
    `\nrollout-25 share on: Andon ${share('Andon')} (events on: ${share('Andon, events on')}), GrowthBook ${share('GrowthBook')}, Unleash ${share('Unleash')}, LaunchDarkly ${share('LaunchDarkly')}`,
  )
  // Every evaluation of these flags serves a variation: each one must have been posted.
  const evaluations = CONTEXTS * (1 + (RUNS + 1) * FLAGS.length)
  console.log(
    `exposures posted by the client with events on: ${posted.exposures.toLocaleString('en')} of ${evaluations.toLocaleString('en')} evaluations`,
  )
}

// ---------------------------------------------------------------- 3. propagation

async function propagation() {
  const CHANGES = 100
  const WARMUP = 10
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-bench-sdk-'))
  const server = await startServer(dataDir, await freePort())
  try {
    const sdkKey = server.keys['production server']!
    await server.admin('POST', '/api/v1/flags', { key: 'propagation' })
    const client = createClient({ baseUrl: server.url, sdkKey })
    if (!(await client.ready({ timeoutMs: 5000 }))) throw new Error('the SDK did not connect')
    const fromAnswer: number[] = []
    const signed: number[] = []
    const fromRequest: number[] = []
    let early = 0
    for (let i = 0; i < WARMUP + CHANGES; i++) {
      let changedAt = 0
      const changed = new Promise<void>((resolve) =>
        client.once('change:propagation', () => {
          changedAt = performance.now()
          resolve()
        }),
      )
      const sentAt = performance.now()
      await server.admin('PATCH', '/api/v1/flags/propagation/environments/production', {
        enabled: i % 2 === 0,
      })
      const answeredAt = performance.now()
      await changed
      if (i < WARMUP) continue
      if (changedAt < answeredAt) early++
      signed.push(changedAt - answeredAt)
      fromAnswer.push(Math.max(0, changedAt - answeredAt))
      fromRequest.push(changedAt - sentAt)
    }
    await client.close()
    console.log(`\n### Change propagation through the real server, ${CHANGES} changes (loopback)\n`)
    const row = (name: string, s: number[]) => [
      name,
      quantile(s, 0.5).toFixed(2),
      quantile(s, 0.99).toFixed(2),
      Math.max(...s).toFixed(2),
    ]
    printTable(
      ['ms', 'p50', 'p99', 'max'],
      [
        row("admin API's answer → SDK change event", fromAnswer),
        row('the same, signed (negative: the event came first)', signed),
        row('admin request sent → SDK change event', fromRequest),
      ],
    )
    console.log(
      `\n${early} of ${CHANGES} change events fired before the bench process had read the admin API's answer (counted as 0 ms).`,
    )
  } finally {
    await server.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  await startupAndHeap()
  await evaluation()
  await propagation()
}
