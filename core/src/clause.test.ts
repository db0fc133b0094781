import { describe, expect, it } from 'vitest'
import { createEvaluator } from './evaluator.js'
import type { Clause, Context, Segment } from './model.js'

/** What a flag with one rule of these clauses serves the context. */
function evaluateRule(clauses: Clause[], context: Context, segments: Segment[] = []) {
  const evaluator = createEvaluator({
    schemaVersion: 1,
    environment: 'test',
    version: 1,
    flags: {
      f: {
        key: 'f',
        version: 1,
        enabled: true,
        variations: [false, true],
        offVariation: 0,
        rules: [{ id: 'r', clauses, serve: { variation: 1 } }],
        fallthrough: { variation: 0 },
      },
    },
    segments: Object.fromEntries(segments.map((s) => [s.key, s])),
  })
  return evaluator.evaluate('f', context, false)
}

/** Whether a flag with one rule of these clauses serves that rule to the context. */
function matches(clauses: Clause[], context: Context, segments: Segment[] = []): boolean {
  return evaluateRule(clauses, context, segments).reason.kind === 'RULE_MATCH'
}

const clause = (
  op: Clause['op'],
  values: Clause['values'],
  negate = false,
  attribute = 'a',
): Clause => ({
  attribute,
  op,
  values,
  negate,
})

describe('clauses', () => {
  it('never match a missing or null attribute, even negated', () => {
    expect(matches([clause('in', ['x'], true)], { key: 'u' })).toBe(false)
    expect(matches([clause('in', ['x'], true)], { key: 'u', a: null })).toBe(false)
    expect(matches([clause('in', ['x'], true)], { key: 'u', a: 'y' })).toBe(true)
  })

  it('compare without coercion', () => {
    expect(matches([clause('in', ['1'])], { key: 'u', a: 1 })).toBe(false)
    expect(matches([clause('in', [1])], { key: 'u', a: 1 })).toBe(true)
    expect(matches([clause('in', [true])], { key: 'u', a: 'true' })).toBe(false)
    expect(matches([clause('lt', [10])], { key: 'u', a: '5' })).toBe(false)
  })

  it('match an array attribute when any element matches, and negate the whole', () => {
    expect(matches([clause('in', ['qa'])], { key: 'u', a: ['dev', 'qa'] })).toBe(true)
    expect(matches([clause('in', ['qa'], true)], { key: 'u', a: ['dev', 'qa'] })).toBe(false)
    expect(matches([clause('in', ['qa'], true)], { key: 'u', a: ['dev'] })).toBe(true)
  })

  it('read names of Object.prototype as own attributes only', () => {
    expect(matches([clause('in', ['x'], true, 'constructor')], { key: 'u' })).toBe(false)
    expect(matches([clause('in', ['x'], true, 'toString')], { key: 'u' })).toBe(false)
    const own = JSON.parse('{"key":"u","__proto__":"x"}') as Context
    expect(matches([clause('in', ['x'], false, '__proto__')], own)).toBe(true)
  })

  it('never match an unknown operator, negated or not', () => {
    const unknown = { attribute: 'a', op: 'bogus', values: ['x'] } as unknown as Clause
    expect(matches([unknown], { key: 'u', a: 'x' })).toBe(false)
    expect(matches([{ ...unknown, negate: true }], { key: 'u', a: 'x' })).toBe(false)
  })

  it('test strings case-sensitively', () => {
    expect(matches([clause('startsWith', ['Ad'])], { key: 'u', a: 'Admin' })).toBe(true)
    expect(matches([clause('startsWith', ['ad'])], { key: 'u', a: 'Admin' })).toBe(false)
    expect(matches([clause('contains', ['mi'])], { key: 'u', a: 'Admin' })).toBe(true)
    expect(matches([clause('endsWith', ['IN'])], { key: 'u', a: 'Admin' })).toBe(false)
  })

  it('make the flag malformed with a pattern outside the linear-time syntax', () => {
    for (const pattern of ['[', '(a)\\1', '(?=a)', 'a{2,1}']) {
      expect(
        evaluateRule([clause('matches', [pattern, '^a'])], { key: 'u', a: 'abc' }).reason,
      ).toEqual({
        kind: 'ERROR',
        errorKind: 'MALFORMED_FLAG',
      })
    }
    expect(matches([clause('matches', ['^a', 'c$'])], { key: 'u', a: 'abc' })).toBe(true)
  })

  it('compare numbers and instants strictly', () => {
    expect(matches([clause('lte', [5])], { key: 'u', a: 5 })).toBe(true)
    expect(matches([clause('lt', [5])], { key: 'u', a: 5 })).toBe(false)
    expect(matches([clause('gt', [5])], { key: 'u', a: 6 })).toBe(true)
    expect(
      matches([clause('before', ['2026-01-01T00:00:00Z'])], { key: 'u', a: 1767225599999 }),
    ).toBe(true)
    expect(
      matches([clause('after', [1767225600000])], { key: 'u', a: '2026-01-01T00:00:00Z' }),
    ).toBe(false)
    expect(matches([clause('after', ['garbage'])], { key: 'u', a: 1 })).toBe(false)
  })

  it('compare versions by semantic precedence', () => {
    expect(matches([clause('semverGt', ['1.9.0'])], { key: 'u', a: '1.10.0' })).toBe(true)
    expect(matches([clause('semverLt', ['2.0.0'])], { key: 'u', a: '2.0.0-rc.1' })).toBe(true)
    expect(matches([clause('semverEq', ['2'])], { key: 'u', a: '2.0.0+build' })).toBe(true)
    expect(matches([clause('semverEq', ['2'])], { key: 'u', a: 'v2' })).toBe(false)
  })

  it('match segments by inclusion, exclusion and rules, and never nest segments', () => {
    const staff: Segment = {
      key: 'staff',
      version: 1,
      included: ['u-in'],
      excluded: ['u-out'],
      rules: [{ clauses: [clause('endsWith', ['@corp.test'], false, 'email')] }],
    }
    const nested: Segment = {
      key: 'nested',
      version: 1,
      rules: [{ clauses: [clause('segmentMatch', ['staff'])] }],
    }
    const inStaff = clause('segmentMatch', ['staff'])
    expect(matches([inStaff], { key: 'u-in' }, [staff])).toBe(true)
    expect(matches([inStaff], { key: 'u-out', email: 'x@corp.test' }, [staff])).toBe(false)
    expect(matches([inStaff], { key: 'u', email: 'x@corp.test' }, [staff])).toBe(true)
    expect(matches([inStaff], { email: 'x@corp.test' }, [staff])).toBe(true)
    expect(matches([clause('segmentMatch', ['nested'])], { key: 'u-in' }, [staff, nested])).toBe(
      false,
    )
    expect(matches([clause('segmentMatch', ['missing'])], { key: 'u-in' }, [staff])).toBe(false)
    expect(matches([clause('segmentMatch', ['staff'], true)], { key: 'u' }, [staff])).toBe(true)
  })

  it('match every clause of a rule, and an empty rule always', () => {
    expect(
      matches([clause('in', ['x']), clause('in', ['y'], false, 'b')], { key: 'u', a: 'x' }),
    ).toBe(false)
    expect(matches([], { key: 'u' })).toBe(true)
  })
})
