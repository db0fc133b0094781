import { describe, expect, it } from 'vitest'
import { CliError } from './cli-error.js'
import { parseDuration } from './duration.js'

describe('durations', () => {
  it('reads units, combinations and bare seconds', () => {
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('2h')).toBe(7_200_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('15')).toBe(15_000)
  })

  it('refuses what is no duration', () => {
    for (const text of ['soon', '', '10 minutes', '5d', '1h x']) {
      expect(() => parseDuration(text)).toThrow(CliError)
    }
  })
})
