/**
 * Hashes and equality for the parts of wire flags that many flags have alike: serves and
 * rule lists. Both read exactly the fields that compiling reads, so two parts found equal
 * compile to the same thing; walking the parsed data allocates nothing, where keys written
 * with `JSON.stringify` would allocate a string per part and a copy to hash it.
 */

import { isObject } from './compile-flag.js'

function mix(h: number, v: unknown): number {
  let n = 0
  if (typeof v === 'string') {
    n = v.length
    for (let i = 0; i < v.length && i < 32; i++) n = Math.imul(n, 31) + v.charCodeAt(i)
  } else if (typeof v === 'number') {
    n = (v * 1000003) | 0
  } else if (typeof v === 'boolean') {
    n = v ? 1231 : 1237
  }
  return Math.imul(h ^ n, 0x5bd1e995) ^ (h >>> 13)
}

function sameScalars(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function hashServe(h: number, s: unknown): number {
  if (!isObject(s)) return h
  const r = s.rollout
  if (!isObject(r)) return mix(h, s.variation)
  h = mix(mix(h, r.bucketBy), r.kind)
  const entries = r.variations
  if (!Array.isArray(entries)) return h
  for (const e of entries) if (isObject(e)) h = mix(mix(h, e.variation), e.weight)
  return h
}

export function sameServe(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return false
  const ra = a.rollout
  const rb = b.rollout
  if (!isObject(ra) || !isObject(rb))
    return !isObject(ra) && !isObject(rb) && a.variation === b.variation
  if (ra.bucketBy !== rb.bucketBy || ra.kind !== rb.kind) return false
  const ea = ra.variations
  const eb = rb.variations
  if (!Array.isArray(ea) || !Array.isArray(eb) || ea.length !== eb.length) return false
  for (let i = 0; i < ea.length; i++) {
    const x: unknown = ea[i]
    const y: unknown = eb[i]
    if (!isObject(x) || !isObject(y) || x.variation !== y.variation || x.weight !== y.weight) {
      return false
    }
  }
  return true
}

export function hashRules(rules: readonly unknown[]): number {
  let h = rules.length
  for (const rule of rules) {
    if (!isObject(rule)) continue
    h = hashServe(mix(h, rule.id), rule.serve)
    const clauses = rule.clauses
    if (!Array.isArray(clauses)) continue
    for (const c of clauses) {
      if (!isObject(c)) continue
      h = mix(mix(mix(h, c.attribute), c.op), c.negate)
      if (Array.isArray(c.values)) for (const v of c.values) h = mix(h, v)
    }
  }
  return h
}

function sameClause(a: unknown, b: unknown): boolean {
  return (
    isObject(a) &&
    isObject(b) &&
    a.attribute === b.attribute &&
    a.op === b.op &&
    a.negate === b.negate &&
    sameScalars(a.values, b.values)
  )
}

export function sameRules(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (!isObject(x) || !isObject(y) || x.id !== y.id || !sameServe(x.serve, y.serve)) return false
    const cx = x.clauses
    const cy = y.clauses
    if (!Array.isArray(cx) || !Array.isArray(cy) || cx.length !== cy.length) return false
    for (let j = 0; j < cx.length; j++) if (!sameClause(cx[j], cy[j])) return false
  }
  return true
}
