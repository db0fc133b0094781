/**
 * What a flag serves in one environment, in words, and the fallthrough that serves one
 * variation to a percentage of contexts. Weights are out of 100,000 (spec/flag-model.md); the
 * released variation comes first, so raising its percentage only adds contexts to it.
 */
import type { Flag, JsonValue, Serve } from '@andon/core'
import { CliError } from './cli-error.js'

const TOTAL = 100_000

const show = (value: JsonValue | undefined) => JSON.stringify(value ?? null)

function describeServe(flag: Flag, serve: Serve): string {
  if ('variation' in serve) return show(flag.variations[serve.variation])
  return serve.rollout.variations
    .map((w) => `${w.weight / 1000} % ${show(flag.variations[w.variation])}`)
    .join(', ')
}

export function describeFlag(flag: Flag): string {
  if (!flag.enabled) {
    const off =
      flag.offVariation === null ? 'the default' : show(flag.variations[flag.offVariation])
    return `off (serves ${off})`
  }
  const extras = [
    flag.targets?.length ? `${flag.targets.length} target list(s)` : '',
    flag.rules?.length ? `${flag.rules.length} rule(s)` : '',
  ].filter((s) => s !== '')
  const rest = extras.length === 0 ? '' : `, after ${extras.join(' and ')}`
  return `on: ${describeServe(flag, flag.fallthrough)}${rest}`
}

/** A variation named by its value (`true`, `"blue"`, `blue`) or else by its index. */
export function variationOf(flag: Flag, named: string): number {
  let value: unknown = named
  try {
    value = JSON.parse(named)
  } catch {
    // A bare word: the string itself.
  }
  const byValue = flag.variations.findIndex((v) => JSON.stringify(v) === JSON.stringify(value))
  if (byValue >= 0) return byValue
  const index = Number(named)
  if (Number.isInteger(index) && index >= 0 && index < flag.variations.length) return index
  const known = flag.variations.map((v) => show(v)).join(', ')
  throw new CliError(`${flag.key} has no variation ${named}; it has ${known}`)
}

/** The variation a release usually means: the first one that is not the off variation. */
export function releasedVariation(flag: Flag): number {
  const first = flag.variations.findIndex((_, i) => i !== flag.offVariation)
  return first < 0 ? 0 : first
}

/** The others get the off variation (or, when that is the released one, the first other). */
function restVariation(flag: Flag, variation: number): number {
  if (flag.offVariation !== null && flag.offVariation !== variation) return flag.offVariation
  return flag.variations.findIndex((_, i) => i !== variation)
}

export function percentServe(flag: Flag, variation: number, percent: number): Serve {
  if (!(percent >= 0 && percent <= 100)) {
    throw new CliError(`a rollout is a percentage from 0 to 100, not ${percent}`)
  }
  const weight = Math.round(percent * 1000)
  const rest = restVariation(flag, variation)
  if (weight === TOTAL || rest < 0) return { variation }
  if (weight === 0) return { variation: rest }
  const bucketBy = 'rollout' in flag.fallthrough ? flag.fallthrough.rollout.bucketBy : undefined
  return {
    rollout: {
      ...(bucketBy === undefined ? {} : { bucketBy }),
      variations: [
        { variation, weight },
        { variation: rest, weight: TOTAL - weight },
      ],
    },
  }
}
