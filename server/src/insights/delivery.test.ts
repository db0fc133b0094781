import type { AuditEntry, Flag } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { deliveryMetrics, servesEveryone } from './delivery.js'

const HOUR = 60 * 60 * 1000
// Monday 2026-11-02 00:00 UTC.
const MONDAY = Date.UTC(2026, 10, 2)

const flag = (enabled: boolean, percent = 100): Flag => ({
  key: 'checkout',
  version: 1,
  enabled,
  variations: [false, true],
  offVariation: 0,
  fallthrough:
    percent === 100
      ? { variation: 1 }
      : {
          rollout: {
            variations: [
              { variation: 1, weight: percent * 1000 },
              { variation: 0, weight: 100_000 - percent * 1000 },
            ],
          },
        },
})

let id = 0
const entry = (
  at: number,
  action: string,
  before: unknown,
  after: unknown,
  environment = 'production',
): AuditEntry => ({
  id: ++id,
  at,
  actor: action === 'guard.tripped' ? 'guard' : 'ana',
  action,
  targetKind: 'flag',
  targetKey: 'checkout',
  environment,
  before,
  after,
  comment: null,
})

describe('delivery metrics from the audit log', () => {
  it('counts releases, the ones undone, the time to restore and the lead time, per week', () => {
    const log = [
      entry(MONDAY - 3 * 24 * HOUR, 'flag.create', null, null),
      // Monday: on at 10 %; a guard trips it an hour later; back on after 2 hours.
      entry(MONDAY + 9 * HOUR, 'flag.config.update', flag(false, 10), flag(true, 10)),
      entry(MONDAY + 10 * HOUR, 'guard.tripped', flag(true, 10), flag(false, 10)),
      entry(MONDAY + 12 * HOUR, 'flag.config.update', flag(false, 10), flag(true, 10)),
      // Tuesday: ramped to everyone (a release, the first to everyone: lead time 4 days).
      entry(MONDAY + 33 * HOUR, 'flag.config.update', flag(true, 10), flag(true, 100)),
      // The next week: a person kills it (more than a week after the last release: no failure).
      entry(MONDAY + 9 * 24 * HOUR, 'flag.config.update', flag(true, 100), flag(false, 100)),
    ]
    expect(deliveryMetrics(log)).toEqual([
      {
        environment: 'production',
        week: '2026-11-02',
        releases: 3,
        failures: 1,
        changeFailureRate: 1 / 3,
        timeToRestore: { median: 2 * HOUR, count: 1 },
        leadTime: { median: 3 * 24 * HOUR + 33 * HOUR, count: 1 },
      },
    ])
  })

  it('counts a kill switch by a person and an alert as failures too, in their environment', () => {
    const log = [
      entry(MONDAY + HOUR, 'flag.config.update', flag(false), flag(true), 'staging'),
      entry(MONDAY + 2 * HOUR, 'flag.config.update', flag(true), flag(false), 'staging'),
      entry(MONDAY + HOUR, 'flag.config.update', flag(false), flag(true)),
      entry(MONDAY + 3 * HOUR, 'flag.alert.disable', flag(true), flag(false)),
    ]
    const weeks = deliveryMetrics(log)
    expect(weeks.map((w) => [w.environment, w.releases, w.failures])).toEqual([
      ['production', 1, 1],
      ['staging', 1, 1],
    ])
    expect(weeks.every((w) => w.timeToRestore.count === 0)).toBe(true)
  })

  it('knows when a flag serves a new variation to everyone', () => {
    expect(servesEveryone(flag(true, 100))).toBe(true)
    expect(servesEveryone(flag(true, 50))).toBe(false)
    expect(servesEveryone(flag(false, 100))).toBe(false)
  })
})
