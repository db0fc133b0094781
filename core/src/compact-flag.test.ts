import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMPACT_HOLDING, compactWire } from './compact-flag.js'
import type { CompiledFlag } from './compile-flag.js'
import { createEvaluator, evaluatorOver, tablesOf, type Tables } from './evaluator.js'
import type { Flag, Payload } from './model.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../spec/vectors/evaluation.json', import.meta.url), 'utf8'),
) as { payload: Payload }

const rollout = (on: number) => ({
  variations: [
    { variation: 1, weight: on },
    { variation: 0, weight: 100000 - on },
  ],
})

function ruleFlag(key: string): Flag {
  return {
    key,
    version: 1,
    enabled: true,
    variations: [false, true],
    offVariation: 0,
    rules: [
      {
        id: 'nordic-pro',
        clauses: [
          { attribute: 'country', op: 'in', values: ['SE', 'NO'] },
          { attribute: 'plan', op: 'in', values: ['pro'] },
        ],
        serve: { rollout: rollout(50000) },
      },
    ],
    fallthrough: { rollout: rollout(25000) },
  }
}

/** The flags of a payload compiled as a compact store holds them. */
function compact(flags: Record<string, unknown>): Map<string, CompiledFlag> {
  return compiled(tablesOf({ flags, segments: {} }, COMPACT_HOLDING.compiler()))
}

/** Every flag of the tables, compiled. */
function compiled(tables: Tables): Map<string, CompiledFlag> {
  evaluatorOver(tables).compilePending()
  return tables.flags as Map<string, CompiledFlag>
}

/** What each context gets from each flag held. */
function resultsOver(flags: Map<string, CompiledFlag>) {
  const evaluator = evaluatorOver({ ...tablesOf({}), flags })
  return [...flags.keys()].map((k) => contexts.map((c) => evaluator.evaluate(k, c, null)))
}

const contexts = Array.from({ length: 200 }, (_, i) => ({
  key: `user-${i}`,
  country: ['SE', 'NO', 'DE'][i % 3]!,
  plan: ['pro', 'free'][i % 2]!,
}))

/** What each context gets from each flag, through a plain evaluator. */
function plainResults(flags: Record<string, unknown>) {
  const evaluator = createEvaluator({ flags, segments: {} })
  return Object.keys(flags).map((k) => contexts.map((c) => evaluator.evaluate(k, c, null)))
}

describe('compact holding', () => {
  it('compiles each part that flags have alike once, and the flags point to it', () => {
    const held = compact({ a: ruleFlag('a'), b: ruleFlag('b'), c: ruleFlag('c') })
    const [a, b, c] = ['a', 'b', 'c'].map((k) => held.get(k)!)
    for (const other of [b!, c!]) {
      expect(other.rules).toBe(a!.rules)
      expect(other.fallthrough).toBe(a!.fallthrough)
      expect(other.off).toBe(a!.off)
      expect(other.variations).toBe(a!.variations)
      expect(other.source).toBeNull()
    }
    // The salt stays each flag's own: the same rollout buckets each flag independently.
    expect([a!.salt, b!.salt]).toEqual(['a', 'b'])
  })

  it('shares nothing between parts that differ in any field that compiling reads', () => {
    const base = ruleFlag('base')
    const variants: Record<string, (f: Flag) => void> = {
      'rule id': (f) => (f.rules![0]!.id = 'other'),
      'clause attribute': (f) => (f.rules![0]!.clauses[0]!.attribute = 'region'),
      'clause op': (f) => (f.rules![0]!.clauses[0]!.op = 'startsWith'),
      'clause negate': (f) => (f.rules![0]!.clauses[0]!.negate = true),
      'clause values': (f) => (f.rules![0]!.clauses[0]!.values = ['SE', 'DE']),
      'clause values order': (f) => (f.rules![0]!.clauses[1]!.values = ['pro', 'SE']),
      'rule weights': (f) => (f.rules![0]!.serve = { rollout: rollout(50001) }),
      'rule bucketBy': (f) =>
        (f.rules![0]!.serve = { rollout: { ...rollout(50000), bucketBy: 'org' } }),
      'rule kind': (f) =>
        (f.rules![0]!.serve = { rollout: { ...rollout(50000), kind: 'experiment' } }),
      'fallthrough weights': (f) => (f.fallthrough = { rollout: rollout(75000) }),
      'fallthrough variation': (f) => (f.fallthrough = { variation: 1 }),
      'off variation': (f) => (f.offVariation = 1),
      'variation values': (f) => (f.variations = ['off', 'on']),
    }
    for (const [name, change] of Object.entries(variants)) {
      const changed = structuredClone(base)
      change(changed)
      const flags = { base, changed }
      const held = compact(flags)
      const [x, y] = [held.get('base')!, held.get('changed')!]
      const distinct = x.rules !== y.rules || x.fallthrough !== y.fallthrough || x.off !== y.off
      expect([name, distinct]).toEqual([name, true])
      expect([name, resultsOver(held)]).toEqual([name, plainResults(flags)])
    }
  })

  it('rebuilds the wire form of every vector flag, which evaluates the same', () => {
    const flags = vectors.payload.flags as Record<string, unknown>
    const held = compact(flags)
    const rebuilt: Record<string, unknown> = {}
    for (const [key, raw] of Object.entries(flags)) {
      rebuilt[key] = compactWire(held.get(key)!)
      expect([key, rebuilt[key]]).toEqual([key, knownFields(raw)])
    }
    const payload = { ...vectors.payload, flags: JSON.parse(JSON.stringify(rebuilt)) }
    expect(resultsOver(compiled(tablesOf(payload)))).toEqual(resultsOver(held))
  })

  it('keeps a malformed flag whole', () => {
    const broken = { key: 'x', version: 4, variations: 'not a list', extra: [1] }
    const held = compact({ x: broken })
    expect(compactWire(held.get('x')!)).toBe(broken)
    expect(held.get('x')!.version).toBe(4)
  })
})

/** The wire flag with only the fields of the model; empty lists are left out. */
function knownFields(raw: unknown): unknown {
  const known = [
    'key',
    'version',
    'enabled',
    'variations',
    'offVariation',
    'salt',
    'prerequisites',
    'targets',
    'rules',
    'fallthrough',
    'metrics',
  ]
  const flag = raw as Record<string, unknown>
  if (!Array.isArray(flag.variations) || flag.variations.length === 0) return raw
  const empty = (v: unknown) => Array.isArray(v) && v.length === 0
  const lists = ['prerequisites', 'targets', 'rules']
  const kept = known.filter((k) => flag[k] !== undefined && !(lists.includes(k) && empty(flag[k])))
  return Object.fromEntries(kept.map((k) => [k, flag[k]]))
}
