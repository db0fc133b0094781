/**
 * Percentages and rollouts in the spec's 100000-bucket model: one weight unit is 0.001 % of
 * contexts. Converts between what people type and weights, builds ramp rollouts that only add
 * contexts as they grow, and counts how many buckets a change of a Serve moves.
 */
import { BUCKET_COUNT, type Serve, type WeightedVariation } from '@andon/core'

/** Weight units (0 to 100000) of a percentage written as text, or an error sentence. */
export function parsePercentage(text: string): { weight: number } | { error: string } {
  const trimmed = text.trim().replace(',', '.')
  if (!/^\d{1,3}(\.\d*)?$|^\.\d+$/.test(trimmed)) {
    return { error: 'Enter a percentage from 0 to 100, e.g. 25 or 0.5' }
  }
  const [whole = '0', fraction = ''] = trimmed.split('.')
  if (fraction.length > 3) return { error: 'At most 3 decimals: the step is 0.001 %' }
  const weight = Number(whole || '0') * 1000 + Number(fraction.padEnd(3, '0') || '0')
  if (weight > BUCKET_COUNT) return { error: 'At most 100 %' }
  return { weight }
}

/** A weight as a percentage for people: 25000 gives "25", 1 gives "0.001". */
export function formatPercentage(weight: number): string {
  const whole = Math.floor(weight / 1000)
  const fraction = String(weight % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : String(whole)
}

/** The variations of a Serve as weights; a fixed variation is a rollout of one. */
export function weightsOf(serve: Serve): WeightedVariation[] {
  if ('variation' in serve) return [{ variation: serve.variation, weight: BUCKET_COUNT }]
  return serve.rollout.variations
}

/**
 * A ramp: `variation` for `weight` units and `otherwise` for the rest. `variation` comes first
 * so that raising the weight only adds contexts to it (nobody who had it loses it).
 */
export function rampServe(
  variation: number,
  otherwise: number,
  weight: number,
  bucketBy?: string,
): Serve {
  return {
    rollout: {
      ...(bucketBy ? { bucketBy } : {}),
      variations: [
        { variation, weight },
        { variation: otherwise, weight: BUCKET_COUNT - weight },
      ],
    },
  }
}

/** The serve of a ramp: a fixed variation at 0 % and 100 %, else the two-way rollout. */
export function serveOfRamp(ramp: Ramp, bucketBy?: string, kind?: 'experiment'): Serve {
  if (!kind && ramp.weight === BUCKET_COUNT) return { variation: ramp.variation }
  if (!kind && ramp.weight === 0) return { variation: ramp.otherwise }
  const serve = rampServe(ramp.variation, ramp.otherwise, ramp.weight, bucketBy)
  if (kind && 'rollout' in serve) serve.rollout.kind = kind
  return serve
}

/** How a serve reads as a ramp, when it is one (a fixed variation is a ramp at 100 % or 0 %). */
export interface Ramp {
  variation: number
  otherwise: number
  weight: number
}

export function rampOf(serve: Serve, variationCount: number): Ramp | undefined {
  if ('variation' in serve) {
    // Serving the first variation to everyone reads as a ramp of the last one at 0 %, so that
    // a boolean flag serving false ramps `true` up from 0.
    if (serve.variation === 0 && variationCount > 1) {
      return { variation: variationCount - 1, otherwise: 0, weight: 0 }
    }
    return { variation: serve.variation, otherwise: 0, weight: BUCKET_COUNT }
  }
  const parts = serve.rollout.variations.filter((v) => v.weight > 0)
  const all = serve.rollout.variations
  if (all.length === 2 && all[0] && all[1] && all[0].variation !== all[1].variation) {
    return { variation: all[0].variation, otherwise: all[1].variation, weight: all[0].weight }
  }
  if (parts.length === 1 && parts[0]) {
    return { variation: parts[0].variation, otherwise: 0, weight: BUCKET_COUNT }
  }
  return undefined
}

/** The variation that each bucket range serves, as [start, end, variation] runs. */
function runs(serve: Serve): [number, number, number][] {
  let start = 0
  const out: [number, number, number][] = []
  for (const { variation, weight } of weightsOf(serve)) {
    if (weight > 0) out.push([start, start + weight, variation])
    start += weight
  }
  return out
}

export interface Movement {
  /** Buckets (0.001 % units of contexts) that get another variation after the change. */
  moved: number
  /** Moved buckets by [from, to] variation, largest first. */
  flows: { from: number; to: number; weight: number }[]
}

/**
 * How many contexts a change of a serve moves, in buckets. Both serves must bucket by the same
 * attribute under the same salt; otherwise everyone is re-randomized and `moved` is an upper
 * estimate taken from the bucket ranges anyway.
 */
export function movement(before: Serve, after: Serve): Movement {
  const a = runs(before)
  const b = runs(after)
  const flows = new Map<string, { from: number; to: number; weight: number }>()
  let i = 0
  let j = 0
  let moved = 0
  while (i < a.length && j < b.length) {
    const [aStart, aEnd, from] = a[i]!
    const [bStart, bEnd, to] = b[j]!
    const overlap = Math.min(aEnd, bEnd) - Math.max(aStart, bStart)
    if (overlap > 0 && from !== to) {
      moved += overlap
      const id = `${from}>${to}`
      const flow = flows.get(id) ?? { from, to, weight: 0 }
      flow.weight += overlap
      flows.set(id, flow)
    }
    if (aEnd <= bEnd) i++
    else j++
  }
  return { moved, flows: [...flows.values()].sort((x, y) => y.weight - x.weight) }
}

/** Whether two serves bucket contexts by different attributes (then everyone re-randomizes). */
export function bucketByChanged(before: Serve, after: Serve): boolean {
  const by = (s: Serve) => ('rollout' in s ? (s.rollout.bucketBy ?? 'key') : undefined)
  const x = by(before)
  const y = by(after)
  return x !== undefined && y !== undefined && x !== y
}

/**
 * A split whose last share is what the others leave of 100 % (0 when they take more, which
 * leaves the total above 100 % for the editor to refuse). People type every share but the
 * last, and the total stays at 100 % as they type.
 */
export function withRemainder(entries: readonly WeightedVariation[]): WeightedVariation[] {
  const others = entries.slice(0, -1).reduce((sum, v) => sum + v.weight, 0)
  const last = entries.length - 1
  return entries.map((v, i) =>
    i === last ? { ...v, weight: Math.max(0, BUCKET_COUNT - others) } : { ...v },
  )
}

/** Sets the share of one entry; the last entry takes the remainder. */
export function setSplitWeight(
  entries: readonly WeightedVariation[],
  index: number,
  weight: number,
): WeightedVariation[] {
  return withRemainder(entries.map((v, i) => (i === index ? { ...v, weight } : v)))
}

/**
 * The split with one more entry: the first variation not in it yet, taking half of the last
 * share (the last share is what the new entry then takes as the remainder).
 */
export function addSplit(
  entries: readonly WeightedVariation[],
  variationCount: number,
): WeightedVariation[] {
  const used = new Set(entries.map((e) => e.variation))
  const variation = Array.from({ length: variationCount }, (_, i) => i).find((i) => !used.has(i))
  const last = entries[entries.length - 1]
  if (variation === undefined || !last) return [...entries]
  const kept = last.weight - Math.floor(last.weight / 2)
  return withRemainder([
    ...entries.slice(0, -1),
    { ...last, weight: kept },
    { variation, weight: 0 },
  ])
}

/** Sum of a split's weights (100000 when valid). */
export function totalWeight(variations: readonly WeightedVariation[]): number {
  return variations.reduce((sum, v) => sum + v.weight, 0)
}

/**
 * The weight a keyboard key moves a rollout slider to: the slider has 100000 steps of 0.001 %,
 * too fine for arrow keys, so arrows move 1 % (0.1 % with Shift) and Page Up/Down 10 %.
 * Undefined for keys the slider handles itself (Home, End) or ignores.
 */
export function sliderKeyWeight(weight: number, key: string, shift: boolean): number | undefined {
  const steps: Record<string, number> = {
    ArrowUp: 1000,
    ArrowRight: 1000,
    ArrowDown: -1000,
    ArrowLeft: -1000,
    PageUp: 10000,
    PageDown: -10000,
  }
  const step = steps[key]
  if (step === undefined) return undefined
  const delta = shift && key.startsWith('Arrow') ? step / 10 : step
  return Math.max(0, Math.min(BUCKET_COUNT, weight + delta))
}
