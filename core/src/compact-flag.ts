/**
 * The compact way to hold flags, for the Node SDK's thousands: the flags of one payload share
 * the parts they have alike (variations, rules, fallthrough, off result), and a flag keeps of
 * its wire form only what no compiled part keeps. Each part is compiled once; the flags point
 * to it. Parts are found by a hash of the wire fields that compiling reads, then compared
 * field by field (part-equality.ts), so sharing never changes what a flag evaluates to.
 */
import {
  FlagCompiler,
  NONE,
  arrayOrEmpty,
  isObject,
  malformedFlag,
  saltOf,
  variationsOf,
  versionOf,
  type CompiledFlag,
  type CompiledRule,
  type CompiledServe,
  type FlagCompile,
} from './compile-flag.js'
import type { FlagHolding } from './flag-store.js'
import type { Flag, JsonValue } from './model.js'
import { hashRules, hashServe, sameRules, sameServe } from './part-equality.js'
import { MalformedFlagError, REASON_FALLTHROUGH, REASON_OFF, type Result } from './results.js'

type Values = readonly JsonValue[]

/** How many different parts one hash may hold before more are compiled without sharing. */
const BUCKET_LIMIT = 8

/** Parts compiled from equal wire data, by hash; each entry keeps the wire it came from. */
class Table<W, P> {
  private readonly byHash = new Map<number, { wire: W; part: P }[]>()
  /** The part found last: flags alike often come together, and then no hash is needed. */
  private last: { wire: W; part: P } | undefined

  constructor(
    private readonly hash: (wire: W) => number,
    private readonly same: (a: W, b: W) => boolean,
  ) {}

  get(wire: W, make: (variations: Values, wire: W) => P, variations: Values): P {
    if (this.last !== undefined && this.same(this.last.wire, wire)) return this.last.part
    const h = this.hash(wire)
    let bucket = this.byHash.get(h)
    if (bucket === undefined) this.byHash.set(h, (bucket = []))
    for (const entry of bucket) {
      if (this.same(entry.wire, wire)) return (this.last = entry).part
    }
    const entry = { wire, part: make(variations, wire) }
    if (bucket.length < BUCKET_LIMIT) bucket.push(entry)
    return (this.last = entry).part
  }
}

/** The wire form that each shared rule list and fallthrough was compiled from. */
const wires = new WeakMap<object, unknown>()

/** Remembers what `part` was compiled from, to rebuild wire flags; returns the part. */
function withWire<T extends object>(part: T, wire: unknown): T {
  wires.set(part, wire)
  return part
}

// Compile steps as plain functions: finding a shared part then allocates no closure.
const compileRules = (variations: Values, list: readonly unknown[]) =>
  withWire(new FlagCompiler(variations).rules(list), list)
const compileServe = (variations: Values, wire: unknown) =>
  withWire(new FlagCompiler(variations).serve(wire, REASON_FALLTHROUGH), wire)
const compileOff = (variations: Values, offVariation: unknown) =>
  new FlagCompiler(variations).offResult(offVariation, REASON_OFF)

/** The parts of one payload's flags with one list of variations (parts serve its values). */
class Parts {
  readonly fixedFallthroughs = new Map<unknown, CompiledServe>()
  readonly offs = new Map<unknown, Result>()
  readonly fallthroughs = new Table<unknown, CompiledServe>((s) => hashServe(0, s), sameServe)
  readonly ruleLists = new Table<readonly unknown[], readonly CompiledRule[]>(hashRules, sameRules)

  constructor(readonly variations: Values) {}

  fallthrough(wire: unknown): CompiledServe {
    if (!isObject(wire) || isObject(wire.rollout)) {
      return this.fallthroughs.get(wire, compileServe, this.variations)
    }
    // `{ variation: i }`, the most common fallthrough, is found by `i` alone.
    const variation = wire.variation
    let serve = this.fixedFallthroughs.get(variation)
    if (serve === undefined) {
      serve = compileServe(this.variations, { variation })
      this.fixedFallthroughs.set(variation, serve)
    }
    return serve
  }

  off(offVariation: unknown): Result {
    let off = this.offs.get(offVariation)
    if (off === undefined)
      this.offs.set(offVariation, (off = compileOff(this.variations, offVariation)))
    return off
  }
}

/** Compiles the flags of one payload, sharing their equal parts; dropped afterwards. */
function compactCompiler(): FlagCompile {
  let booleans: Parts | undefined
  const others = new Map<string, Parts>()

  function partsFor(variations: Values): Parts {
    // `[false, true]`, by far the most common list, is recognised without writing it out.
    if (variations.length === 2 && variations[0] === false && variations[1] === true) {
      return (booleans ??= new Parts(variations))
    }
    let key: string
    try {
      key = JSON.stringify(variations)
    } catch {
      return new Parts(variations) // not JSON (nested too deep, a BigInt): shared by none
    }
    let parts = others.get(key)
    if (parts === undefined) others.set(key, (parts = new Parts(variations)))
    return parts
  }

  return (key, raw) => {
    try {
      if (!isObject(raw)) throw new MalformedFlagError() // flag is not an object
      const parts = partsFor(variationsOf(raw))
      const values = parts.variations
      const ruleList = arrayOrEmpty(raw.rules)
      const prerequisites = arrayOrEmpty(raw.prerequisites)
      const targets = arrayOrEmpty(raw.targets)
      // Most flags have neither: no compiler of their own to make.
      const c = prerequisites.length + targets.length > 0 ? new FlagCompiler(values) : null
      const { salt, metrics } = raw
      return {
        key,
        version: versionOf(raw),
        enabled: raw.enabled === true,
        off: parts.off(raw.offVariation),
        prerequisites: c ? c.prerequisites(prerequisites, raw.offVariation) : NONE,
        targets: c && c.targets(targets),
        rules: ruleList.length === 0 ? NONE : parts.ruleLists.get(ruleList, compileRules, values),
        fallthrough: parts.fallthrough(raw.fallthrough),
        salt: saltOf(raw, key),
        prefix: null,
        variations: values,
        offVariation: raw.offVariation,
        // Only the wire fields that no part keeps, and most flags have none.
        source:
          c || salt !== undefined || metrics !== undefined
            ? { salt, prerequisites: raw.prerequisites, targets: raw.targets, metrics }
            : null,
      }
    } catch {
      return malformedFlag(key, raw)
    }
  }
}

/** The wire form of a compactly held flag, rebuilt; fields the model does not know are left out. */
export function compactWire(flag: CompiledFlag): Flag {
  // A malformed flag keeps its whole wire form.
  if (!flag.variations?.length) return flag.source as Flag
  const wire: Record<string, unknown> = {
    key: flag.key,
    version: flag.version,
    enabled: flag.enabled,
    variations: flag.variations,
    offVariation: flag.offVariation,
  }
  const rest = flag.source as Record<string, unknown> | null
  for (const name in rest) if (rest[name] !== undefined) wire[name] = rest[name]
  if (flag.rules.length > 0) wire.rules = wires.get(flag.rules)
  wire.fallthrough = wires.get(flag.fallthrough)
  return wire as unknown as Flag
}

/**
 * Holds flags compactly: 10,000 flags in about 2 MB of heap where their parsed wire form
 * takes 4.7 MB. A rebuilt wire flag may carry, in a part it shares with another flag, that
 * flag's fields unknown to the model (evaluation ignores them).
 * @example createFlagStore(payload, { holding: COMPACT_HOLDING })
 */
export const COMPACT_HOLDING: FlagHolding = {
  compiler: compactCompiler,
  wire: compactWire,
}
