import { describe, expect, it } from 'vitest'
import { CliError } from './cli-error.js'
import { parseInstant, parseSpan } from './instant.js'

const NOW = Date.parse('2026-12-03T12:00:00Z')

describe('instants on the command line', () => {
  it('reads spans with weeks and days', () => {
    expect(parseSpan('90d')).toBe(90 * 86_400_000)
    expect(parseSpan('2w')).toBe(14 * 86_400_000)
    expect(parseSpan('1d12h')).toBe(36 * 3_600_000)
    expect(parseSpan('30m')).toBe(1_800_000)
  })

  it('counts a duration back for --since and on for --expires', () => {
    expect(parseInstant('2h', '--since', NOW, 'ago')).toBe(NOW - 7_200_000)
    expect(parseInstant('7d', '--expires', NOW, 'ahead')).toBe(NOW + 7 * 86_400_000)
  })

  it('reads dates and ms since the epoch as they are', () => {
    expect(parseInstant('2026-12-01', '--since', NOW, 'ago')).toBe(
      Date.parse('2026-12-01T00:00:00Z'),
    )
    expect(parseInstant('2026-12-01T09:30:00+01:00', '--until', NOW, 'ago')).toBe(
      Date.parse('2026-12-01T08:30:00Z'),
    )
    expect(parseInstant('1796299600591', '--since', NOW, 'ago')).toBe(1796299600591)
  })

  it('refuses what is neither, naming the option', () => {
    for (const text of ['yesterday', '', '1.5', '2026-13-45', '5 days']) {
      expect(() => parseInstant(text, '--since', NOW, 'ago')).toThrow(CliError)
    }
    expect(() => parseInstant('soon', '--expires', NOW, 'ahead')).toThrow(/^--expires takes a date/)
  })
})
