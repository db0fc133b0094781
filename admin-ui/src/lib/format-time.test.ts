import { describe, expect, it } from 'vitest'
import { formatTime } from './format-time.js'

describe('formatTime', () => {
  it('writes epoch milliseconds and ISO strings in UTC', () => {
    expect(formatTime(0)).toBe('1970-01-01 00:00:00 UTC')
    expect(formatTime('2026-11-22T01:02:03.456Z')).toBe('2026-11-22 01:02:03 UTC')
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('soon')).toBe('soon')
  })
})
