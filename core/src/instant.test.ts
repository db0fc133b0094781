import { describe, expect, it } from 'vitest'
import { toInstant } from './instant.js'

describe('instants for before and after', () => {
  it('reads epoch milliseconds and ISO-8601 date-times', () => {
    expect(toInstant(1767225600000)).toBe(1767225600000)
    expect(toInstant('2026-01-01T00:00:00Z')).toBe(1767225600000)
    expect(toInstant('2026-01-01T01:00:00+01:00')).toBe(1767225600000)
    expect(toInstant('2026-01-01T01:00:00+0100')).toBe(1767225600000)
    expect(toInstant('2026-01-01T01:00:00+01')).toBe(1767225600000)
    expect(toInstant('2025-12-31T23:30:00-00:30')).toBe(1767225600000)
    expect(toInstant('2026-01-01T00:00:00,5z')).toBe(1767225600500)
    expect(toInstant('2026-01-01T00:00:00.000Z')).toBe(1767225600000)
    expect(toInstant('2026-01-01')).toBe(1767225600000)
  })

  it('reads a date-time without an offset as UTC, whatever the machine time zone', () => {
    expect(toInstant('2026-01-01T00:00:00')).toBe(1767225600000)
  })

  it('gives NaN for anything else', () => {
    for (const bad of [
      'yesterday',
      'March 7, 2024',
      '2026-13-01',
      '',
      Infinity,
      NaN,
      true,
      null,
      [],
    ]) {
      expect(toInstant(bad)).toBeNaN()
    }
  })
})
