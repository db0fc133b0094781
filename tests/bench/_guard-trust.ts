/**
 * The adversarial table of `npm run bench -- guard` (issue: trust). Client-key events count
 * per source, a client's address, and the guard leaves out the source that sways it most.
 *
 * - Forged-source trips: an A/A release reported by 100 honest client sources, and one more
 *   source that tries to trip it (four strategies in turn). Through the real app and store.
 * - Regressions blinded: a 5 % against 1 % regression from the same 100 sources that trips
 *   without the forger, and a forger that tries to keep it from tripping. Counted as blinded
 *   when the honest traffic alone trips and the attacked run does not.
 * - 500 sources reporting as browsers do (one visitor a batch): contexts per arm until a real
 *   5 % against 1 % regression trips, and the share of A/A releases tripped. These run on the
 *   guard's pure functions with the same choice of source to leave out as the store, checked
 *   after every 100 visitors, since a million HTTP requests per table would take hours.
 */
import type { EventBatch } from '@andon/core'
import { assessStrata, type RawFigures } from '../../server/src/guard/assess.js'
import type { GuardSettings } from '../../server/src/guard/guard-model.js'
import { trustedTotals } from '../../server/src/guard/leave-one-out.js'
import { binomialSampler, seededRandom } from '../../server/src/guard/simulate.js'
import { createHarness, type Harness } from '../../server/src/testing/harness.js'
import { releasedFlag } from '../../server/src/testing/guard-fixtures.js'
import { errorBatch, visitorStream } from '../support/visitor-batches.js'
import { printTable, quantile } from './_timing.js'

/** Attempts per row; `GUARD_BENCH_ATTEMPTS` makes a quick run smaller. */
const ATTEMPTS = Number(process.env.GUARD_BENCH_ATTEMPTS ?? 1000)
/** Releases per in-memory database, so that no database grows large. */
const RELEASES_PER_DATABASE = 25
const HONEST_SOURCES = 100
const CONTEXTS_PER_SOURCE = 30

const guard: GuardSettings = {
  metric: 'errors',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 500,
  control: 0,
  action: 'disable',
  alpha: 0.05,
}

/** A batch of both arms: exposures and errors as [control, treatment]. */
const batchOf = (flag: string, exposures: [number, number], errors: [number, number]) =>
  errorBatch(
    flag,
    exposures.map((count, variation): [number, number] => [variation, count]),
    errors.map((count, variation): [number, number] => [variation, count]),
  )

/** What one forger sends, strategy by strategy; each aims to trip, or to blind. */
const tripAttacks: ((flag: string) => EventBatch[])[] = [
  // The batch: 1,000 exposures per arm, 30 against 400 errors.
  (flag) => [batchOf(flag, [1000, 1000], [30, 400])],
  // The size of an honest source, every treatment exposure failing.
  (flag) => [batchOf(flag, [CONTEXTS_PER_SOURCE, CONTEXTS_PER_SOURCE], [0, CONTEXTS_PER_SOURCE])],
  // Many batches with new ids, each honest-sized.
  (flag) => Array.from({ length: 20 }, () => batchOf(flag, [10, 10], [0, 10])),
  // Huge figures.
  (flag) => [batchOf(flag, [1_000_000, 1_000_000], [0, 1_000_000])],
]

const blindAttacks: ((flag: string) => EventBatch[])[] = [
  // The forged control arm: a million exposures, half of them failing.
  (flag) => [batchOf(flag, [1_000_000, 0], [500_000, 0])],
  // A diluted treatment arm: a million clean exposures.
  (flag) => [batchOf(flag, [0, 1_000_000], [0, 0])],
  // An honest-sized source whose control always fails.
  (flag) => [batchOf(flag, [CONTEXTS_PER_SOURCE, CONTEXTS_PER_SOURCE], [CONTEXTS_PER_SOURCE, 0])],
  // Many batches with new ids, each a small failing control.
  (flag) => Array.from({ length: 20 }, () => batchOf(flag, [20, 20], [20, 0])),
]

/** 100 honest sources, each one batch of 30 contexts per arm at the given error rates. */
function honestBatches(flag: string, rates: [number, number], seed: number): EventBatch[] {
  const random = seededRandom(seed)
  const control = binomialSampler(CONTEXTS_PER_SOURCE, rates[0], random)
  const treatment = binomialSampler(CONTEXTS_PER_SOURCE, rates[1], random)
  return Array.from({ length: HONEST_SOURCES }, () =>
    batchOf(flag, [CONTEXTS_PER_SOURCE, CONTEXTS_PER_SOURCE], [control(), treatment()]),
  )
}

async function tripped(h: Harness, flag: string): Promise<boolean> {
  const res = await h.call('GET', `/api/v1/flags/${flag}/environments/production/guards`)
  return res.json.guards[0].state === 'tripped'
}

/** One release through the app: honest sources in order, the forger's batches spread among them. */
async function release(
  h: Harness,
  flag: string,
  honest: EventBatch[],
  forged: EventBatch[],
  seed: number,
): Promise<boolean> {
  await releasedFlag(h, flag)
  await h.call('PATCH', `/api/v1/flags/${flag}`, { body: { clientSide: true } })
  await h.call('PUT', `/api/v1/flags/${flag}/environments/production/guards`, {
    body: [{ ...guard, control: undefined }],
  })
  const random = seededRandom(seed)
  const at = new Set(forged.map(() => Math.floor(random() * honest.length)))
  let f = 0
  const client = h.key('production', 'client')
  for (let i = 0; i < honest.length; i++) {
    const source = `10.1.${Math.floor(i / 250)}.${i % 250}`
    await h.call('POST', '/sdk/v1/events', { body: honest[i], token: client, source })
    if (at.has(i)) {
      while (f < forged.length && (f < forged.length / at.size || i === honest.length - 1)) {
        await h.call('POST', '/sdk/v1/events', {
          body: forged[f++],
          token: client,
          source: '10.9.9.9',
        })
      }
    }
  }
  while (f < forged.length) {
    await h.call('POST', '/sdk/v1/events', { body: forged[f++], token: client, source: '10.9.9.9' })
  }
  return tripped(h, flag)
}

/** A release of 500 sources, one visitor a batch, judged after every 100 visitors. */
function browserRelease(rates: [number, number], seed: number, maxPerArm: number): number | null {
  const next = visitorStream({ flag: 'f', rates, seed })
  const perSource = new Map<string, Map<number, RawFigures>>()
  const contexts = [0, 0]
  for (let visitor = 0; Math.max(contexts[0]!, contexts[1]!) < maxPerArm; visitor++) {
    const { arm, batch } = next()
    contexts[arm]!++
    const source = String(visitor % 500)
    let figures = perSource.get(source)
    if (figures === undefined) perSource.set(source, (figures = new Map()))
    const f = figures.get(arm) ?? { exposures: 0, count: 0, sum: 0, sumSquares: 0 }
    f.exposures += batch.exposures[0]!.count
    f.count += batch.metrics[0]?.count ?? 0
    figures.set(arm, f)
    if (visitor % 100 !== 99) continue
    const totals = new Map<number, RawFigures>()
    for (const t of perSource.values()) {
      t.forEach((f, v) => {
        const sum = totals.get(v) ?? { exposures: 0, count: 0, sum: 0, sumSquares: 0 }
        totals.set(v, {
          exposures: sum.exposures + f.exposures,
          count: sum.count + f.count,
          sum: 0,
          sumSquares: 0,
        })
      })
    }
    const one = (t: Map<number, RawFigures>) => new Map([[0, t]])
    const candidates = new Map([...perSource].map(([source, t]) => [source, one(t)]))
    const trusted = trustedTotals(guard, one(totals), candidates)
    if (assessStrata(guard, 2, trusted.totals).regression) {
      return Math.min(contexts[0]!, contexts[1]!)
    }
  }
  return null
}

export async function runAdversarial(): Promise<void> {
  const started = performance.now()
  let h = await createHarness()
  const fresh = async (i: number) => {
    if (i % RELEASES_PER_DATABASE === 0) h = await createHarness()
  }
  let forgedTrips = 0
  let blinded = 0
  let honestTrips = 0
  let honestAlone = 0
  for (let i = 0; i < ATTEMPTS; i++) {
    await fresh(i)
    const attack = tripAttacks[i % tripAttacks.length]!
    const flag = `aa-${i}`
    const alone = await release(h, flag, honestBatches(flag, [0.01, 0.01], 1 + i), [], i)
    if (alone) {
      // The honest traffic trips by itself (at most alpha of A/A releases): not the forger's doing.
      honestAlone++
      continue
    }
    const attacked = `aa-attacked-${i}`
    if (
      await release(h, attacked, honestBatches(attacked, [0.01, 0.01], 1 + i), attack(attacked), i)
    ) {
      if (process.env.GUARD_BENCH_DEBUG) console.log('forged trip', i, i % tripAttacks.length)
      forgedTrips++
    }
  }
  for (let i = 0; i < ATTEMPTS; i++) {
    await fresh(i)
    const attack = blindAttacks[i % blindAttacks.length]!
    const honestFlag = `reg-${i}`
    const attackedFlag = `reg-attacked-${i}`
    const alone = await release(
      h,
      honestFlag,
      honestBatches(honestFlag, [0.01, 0.05], 50_001 + i),
      [],
      i,
    )
    if (!alone) continue
    honestTrips++
    const attacked = await release(
      h,
      attackedFlag,
      honestBatches(attackedFlag, [0.01, 0.05], 50_001 + i),
      attack(attackedFlag),
      i,
    )
    if (!attacked) blinded++
  }
  const untilTrip: number[] = []
  let neverTripped = 0
  for (let i = 0; i < ATTEMPTS; i++) {
    const at = browserRelease([0.01, 0.05], 100_001 + i, 10_000)
    if (at === null) neverTripped++
    else untilTrip.push(at)
  }
  let aaTrips = 0
  for (let i = 0; i < ATTEMPTS; i++) {
    if (browserRelease([0.01, 0.01], 200_001 + i, 10_000) !== null) aaTrips++
  }
  const pct = (x: number) => `${((100 * x) / ATTEMPTS).toFixed(1)} %`
  console.log(
    `\nAdversarial: client-key events from many sources (loopback-free, in-process app and store); ${ATTEMPTS} attempts each, alpha ${guard.alpha}, minSamples ${guard.minSamples}`,
  )
  printTable(
    ['scenario', 'measured', 'target'],
    [
      [
        `forged-source trips: A/A from ${HONEST_SOURCES} sources + 1 forger (4 strategies)`,
        `${forgedTrips} of ${ATTEMPTS - honestAlone} that do not trip without the forger`,
        '0',
      ],
      [
        `regressions blinded: 5 % vs 1 % from ${HONEST_SOURCES} sources + 1 forger (4 strategies)`,
        `${blinded} of ${honestTrips} that trip without the forger`,
        '0',
      ],
      [
        '500 browser sources, 5 % vs 1 %: contexts per arm until the trip, median',
        String(quantile(untilTrip, 0.5)),
        '≤ 10,000',
      ],
      ['  the same, p95', String(quantile(untilTrip, 0.95)), ''],
      ['  the same, never tripped within 10,000 per arm', pct(neverTripped), ''],
      [
        '500 browser sources, A/A 1 %: releases tripped within 10,000 per arm',
        pct(aaTrips),
        '≤ 5 %',
      ],
    ],
  )
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
