import { describe, expect, it } from 'vitest'
import { clauseSchema, flagSchema, keySchema, payloadSchema, rolloutSchema } from './schemas.js'

const base = {
  key: 'new-checkout',
  version: 1,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 1 },
}

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((i) => i.path.join('.'))
}

describe('wire schemas', () => {
  it('accept a flag of the spec', () => {
    expect(flagSchema.safeParse(base).success).toBe(true)
  })

  it('refuse keys outside the spec format', () => {
    for (const bad of ['', '-lead', 'has space', 'a'.repeat(129), 'ü']) {
      expect(keySchema.safeParse(bad).success).toBe(false)
    }
    expect(keySchema.safeParse('a'.repeat(128)).success).toBe(true)
  })

  it('refuse rollout weights that do not add up to 100000, naming the field', () => {
    const result = rolloutSchema.safeParse({
      variations: [
        { variation: 0, weight: 50000 },
        { variation: 1, weight: 40000 },
      ],
    })
    expect(issuePaths(result)).toEqual(['variations'])
  })

  it('refuse variation indexes outside the variations, naming the field', () => {
    const result = flagSchema.safeParse({
      ...base,
      offVariation: 2,
      rules: [{ clauses: [], serve: { variation: 5 } }],
    })
    expect(issuePaths(result).sort()).toEqual(['offVariation', 'rules.0.serve.variation'])
  })

  it('refuse regular expressions that do not compile or are too long', () => {
    const bad = clauseSchema.safeParse({
      attribute: 'a',
      op: 'matches',
      values: ['ok', '(', 'x'.repeat(513)],
    })
    expect(issuePaths(bad)).toEqual(['values.1', 'values.2'])
  })

  it('refuse values of a type the operator does not take', () => {
    expect(issuePaths(clauseSchema.safeParse({ attribute: 'a', op: 'lt', values: ['5'] }))).toEqual(
      ['values.0'],
    )
  })

  it('let an SDK hold a payload whose flags are odd in detail', () => {
    const payload = {
      schemaVersion: 1,
      environment: 'production',
      version: 3,
      flags: { odd: { key: 'odd', version: 1, variations: 'not-an-array', future: true } },
      segments: {},
    }
    expect(payloadSchema.safeParse(payload).success).toBe(true)
    expect(payloadSchema.safeParse({ ...payload, version: 'x' }).success).toBe(false)
  })
})

describe('variation names', () => {
  const named = (variations: unknown[]) => flagSchema.safeParse({ ...base, variations })

  it('accept names on some or all variations', () => {
    expect(named([{ name: 'off', value: false }, true]).success).toBe(true)
    expect(
      named([
        { name: 'control', value: 'blue' },
        { name: 'treatment.v2', value: 'green' },
      ]).success,
    ).toBe(true)
  })

  it('refuse a name outside the pattern or taken twice, naming the variation', () => {
    expect(issuePaths(named([{ name: 'has space', value: false }, true]))).toEqual([
      'variations.0.name',
    ])
    expect(issuePaths(named([{ name: '', value: false }, true]))).toEqual(['variations.0.name'])
    expect(issuePaths(named([{ name: '12', value: false }, true]))).toEqual(['variations.0.name'])
    expect(issuePaths(named([{ name: 'x'.repeat(65), value: 1 }, 2]))).toEqual([
      'variations.0.name',
    ])
    expect(
      issuePaths(
        named([
          { name: 'same', value: 1 },
          { name: 'same', value: 2 },
        ]),
      ),
    ).toEqual(['variations.1.name'])
  })

  it('read an object with other keys as a value, whatever its name field', () => {
    expect(named([{ name: 'has space', value: 1, more: true }, 2]).success).toBe(true)
    expect(named([{ name: 5, value: 1 }, 2]).success).toBe(true)
  })
})
