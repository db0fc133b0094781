import { describe, expect, it } from 'vitest'
import { compareSemVer, parseSemVer } from './semver.js'

function cmp(a: string, b: string): number {
  return Math.sign(compareSemVer(parseSemVer(a)!, parseSemVer(b)!))
}

describe('semantic versions', () => {
  it('orders by the precedence rules of SemVer 2.0.0', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
      '10.0.0',
    ]
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(cmp(ordered[i]!, ordered[i + 1]!)).toBe(-1)
      expect(cmp(ordered[i + 1]!, ordered[i]!)).toBe(1)
    }
  })

  it('reads 1 and 1.2 as 1.0.0 and 1.2.0', () => {
    expect(cmp('1', '1.0.0')).toBe(0)
    expect(cmp('1.2', '1.2.0')).toBe(0)
    expect(cmp('1.2-beta', '1.2.0-beta')).toBe(0)
  })

  it('ignores build metadata', () => {
    expect(cmp('1.2.3+build.7', '1.2.3')).toBe(0)
  })

  it('refuses what is not a version', () => {
    for (const bad of ['', 'v1.2.3', '01.2.3', '1.2.3.4', '1.2.3-', '1.2.3-01', 'abc', '1..2']) {
      expect(parseSemVer(bad)).toBeUndefined()
    }
    expect(parseSemVer(123)).toBeUndefined()
  })
})

describe('version numbers', () => {
  it('refuses numbers too large to compare exactly', () => {
    expect(parseSemVer('999999999999999.0.0')).toBeDefined()
    expect(parseSemVer('9999999999999999.0.0')).toBeUndefined()
  })
})
