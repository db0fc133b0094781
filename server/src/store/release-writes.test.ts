import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventBatch, Flag } from '@andon/core'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/open-database.js'
import { releasePlanBody } from '../release/plan-schema.js'
import { createHarness, type Harness } from '../testing/harness.js'
import type { Change } from './store.js'
import { StoreError } from './store-error.js'
import { booleanFlag } from '../testing/flag-fixtures.js'
import { createSqliteStore } from './sqlite/sqlite-store.js'

const actor = { name: 'ana' }
const SECOND = 1000

const plan = releasePlanBody.parse({
  variation: 1,
  steps: [
    { percent: 10, holdSeconds: 60 },
    { percent: 50, holdSeconds: 60, approval: true },
    { percent: 100, holdSeconds: 60 },
  ],
  maxExtensionSeconds: 120,
})

let batches = 0
/** Exposures of a step's split, and errors: `errors[v]` of variation v's exposures. */
function batch(exposures: [number, number], errors: [number, number] = [0, 0]): EventBatch {
  return {
    id: `batch-${++batches}-of-the-test`,
    startedAt: 0,
    endedAt: 0,
    exposures: exposures.map((count, variation) => ({ flag: 'checkout', variation, count })),
    metrics: errors
      .map((count, variation) => ({
        flag: 'checkout',
        metric: 'error',
        variation,
        count,
        sum: count,
        sumSquares: count,
      }))
      .filter((m) => m.count > 0),
    dropped: 0,
  }
}

async function withGuardedFlag(h: Harness) {
  await h.store.createFlag(booleanFlag('checkout'), actor)
  await h.store.setGuards(
    'checkout',
    'production',
    [
      {
        metric: 'error',
        kind: 'rate',
        worseWhen: 'higher',
        threshold: 0,
        minSamples: 100,
        action: 'disable',
        alpha: 0.05,
      },
    ],
    actor,
  )
}

const envId = async (h: Harness) => (await h.store.getEnvironment('production'))?.id as number
const config = async (h: Harness) => (await h.store.getFlagConfig('checkout', 'production')) as Flag
const serving = async (h: Harness) => (await config(h)).fallthrough

describe('release plans in the store', () => {
  it('serves the first step at once, holds it, and waits for approval where the plan says', async () => {
    const h = await createHarness()
    await withGuardedFlag(h)
    const { release } = await h.store.startRelease('checkout', 'production', plan, actor)
    expect(release).toMatchObject({ status: 'running', step: 0, control: 0 })
    expect((await config(h)).enabled).toBe(true)
    expect(await serving(h)).toEqual({
      rollout: {
        variations: [
          { variation: 1, weight: 10_000 },
          { variation: 0, weight: 90_000 },
        ],
      },
    })
    await expect(h.store.startRelease('checkout', 'production', plan, actor)).rejects.toThrow(
      StoreError,
    )

    await h.store.recordEvents(await envId(h), batch([900, 100], [9, 1]), {
      clientSideOnly: false,
      source: '',
    })
    h.clock.now += 30 * SECOND
    expect(await h.store.advanceReleases()).toEqual([])
    h.clock.now += 31 * SECOND
    const waiting = await h.store.advanceReleases()
    expect(waiting.map((e) => e.kind)).toEqual(['awaiting-approval'])
    expect((await h.store.getRelease('checkout', 'production'))?.status).toBe('awaiting-approval')

    const approved = await h.store.controlRelease(
      'checkout',
      'production',
      { action: 'approve' },
      actor,
    )
    expect(approved.release).toMatchObject({ status: 'running', step: 1 })
    expect(await serving(h)).toMatchObject({
      rollout: {
        variations: [
          { variation: 1, weight: 50_000 },
          { variation: 0, weight: 50_000 },
        ],
      },
    })
    const audit = await h.store.listAudit({
      flag: 'checkout',
      environment: 'production',
      limit: 10,
    })
    expect(audit.map((e) => [e.action, e.actor])).toContainEqual(['release.step', 'release-plan'])
    expect(audit.map((e) => [e.action, e.actor])).toContainEqual(['release.approve', 'ana'])
  })

  it("rolls back when the guard finds the released variation worse, in the batch's transaction", async () => {
    const h = await createHarness()
    await withGuardedFlag(h)
    await h.store.startRelease('checkout', 'production', plan, actor)
    const out = await h.store.recordEvents(await envId(h), batch([4500, 500], [45, 500]), {
      clientSideOnly: false,
      source: '',
    })
    expect(out.decisions.map((d) => d.disabled)).toEqual([true])
    expect(out.releases.map((e) => e.kind)).toEqual(['stopped'])
    const release = await h.store.getRelease('checkout', 'production')
    expect(release?.status).toBe('rolled-back')
    expect(release?.reason).toMatch(/^regression: .*error/)
    expect(await serving(h)).toEqual({ variation: 0 })
    expect((await config(h)).enabled).toBe(false)
  })

  it('pauses when a person edits the rollout by hand, and says so', async () => {
    const h = await createHarness()
    await withGuardedFlag(h)
    await h.store.startRelease('checkout', 'production', plan, actor)
    await h.store.updateFlagConfig(
      'checkout',
      'production',
      { fallthrough: { variation: 1 } },
      { actor: { name: 'bo' } },
    )
    expect(await h.store.getRelease('checkout', 'production')).toMatchObject({
      status: 'paused',
      reason: 'bo edited the rollout by hand',
    })
    h.clock.now += 3600 * SECOND
    expect(await h.store.advanceReleases()).toEqual([])
    expect(await serving(h)).toEqual({ variation: 1 })
  })

  it('never passes a step on missing data: it extends it, then pauses', async () => {
    const h = await createHarness()
    await withGuardedFlag(h)
    await h.store.startRelease('checkout', 'production', plan, actor)
    await h.store.recordEvents(await envId(h), batch([90, 10]), {
      clientSideOnly: false,
      source: '',
    })
    h.clock.now += 61 * SECOND
    await h.store.advanceReleases()
    expect((await h.store.getRelease('checkout', 'production'))?.reason).toMatch(
      /^waiting for samples of error/,
    )
    h.clock.now += 120 * SECOND
    await h.store.advanceReleases()
    expect(await h.store.getRelease('checkout', 'production')).toMatchObject({
      status: 'paused',
      step: 0,
      reason: expect.stringMatching(/^insufficient-data: .*not a pass/),
    })
  })

  it('skips to a step, and resumes a paused plan with the step starting over', async () => {
    const h = await createHarness()
    await withGuardedFlag(h)
    await h.store.startRelease('checkout', 'production', plan, actor)
    await h.store.controlRelease('checkout', 'production', { action: 'pause' }, actor)
    h.clock.now += 600 * SECOND
    const resumed = await h.store.controlRelease(
      'checkout',
      'production',
      { action: 'resume' },
      actor,
    )
    expect(resumed.release).toMatchObject({ status: 'running', stepStartedAt: h.clock.now })
    const skipped = await h.store.controlRelease(
      'checkout',
      'production',
      { action: 'skip', step: 2 },
      actor,
    )
    expect(skipped.release.step).toBe(2)
    expect(await serving(h)).toEqual({ variation: 1 })
    await h.store.controlRelease('checkout', 'production', { action: 'abort' }, actor)
    expect((await h.store.getRelease('checkout', 'production'))?.status).toBe('aborted')
    await expect(
      h.store.controlRelease('checkout', 'production', { action: 'pause' }, actor),
    ).rejects.toThrow(/no release plan under way/)
  })
})

describe('a release plan across a restart', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('resumes mid-hold with the time that was left, and applies each step once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'andon-release-'))
    dirs.push(dir)
    const file = join(dir, 'andon.db')
    const clock = { now: 1_800_000_000_000 }
    const open = () => {
      const changes: Change[] = []
      const store = createSqliteStore({
        sqlite: openDatabase(file),
        now: () => clock.now,
        onCommit: (c) => changes.push(...c),
      })
      return { store, changes }
    }
    const first = open()
    await first.store.createEnvironment({ key: 'production', name: 'production' }, actor)
    await first.store.createFlag(booleanFlag('checkout'), actor)
    const noApproval = { ...plan, steps: plan.steps.map((s) => ({ ...s, approval: false })) }
    await first.store.startRelease('checkout', 'production', noApproval, actor)
    const id = (await first.store.getEnvironment('production'))?.id as number
    await first.store.recordEvents(id, batch([900, 100]), { clientSideOnly: false, source: '' })
    await first.store.close()

    clock.now += 40 * SECOND
    const second = open()
    expect(await second.store.advanceReleases()).toEqual([])
    expect((await second.store.getRelease('checkout', 'production'))?.holdEndsAt).toBe(
      clock.now + 20 * SECOND,
    )
    clock.now += 20 * SECOND
    // Two callers at once (a tick and a batch): the step is applied once.
    const [a, b] = await Promise.all([
      second.store.advanceReleases(),
      second.store.advanceReleases(),
    ])
    expect([...a, ...b].map((e) => e.kind)).toEqual(['step'])
    expect(second.changes.filter((c) => c.events.some((e) => e.event === 'patch'))).toHaveLength(1)
    await second.store.close()
  })
})
