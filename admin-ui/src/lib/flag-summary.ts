/**
 * A flag's state in one environment in a few words, for the flag list: "25 % true · 2 rules"
 * when on, "off → false" when off.
 */
import type { Flag } from '@andon/core'
import { formatPercentage, rampOf } from './rollout.js'
import { variationLabel } from './variations.js'

export function flagSummary(flag: Flag | undefined): string {
  if (!flag) return ''
  if (!flag.enabled) {
    const off = flag.offVariation
    return `off → ${off === null ? 'the default' : variationLabel(flag.variations[off])}`
  }
  const parts: string[] = []
  const serve = flag.fallthrough
  const ramp = 'rollout' in serve ? rampOf(serve, flag.variations.length) : undefined
  if ('variation' in serve) parts.push(variationLabel(flag.variations[serve.variation]))
  else if (ramp) {
    parts.push(
      `${formatPercentage(ramp.weight)} % ${variationLabel(flag.variations[ramp.variation])}`,
    )
  } else parts.push(`split ${serve.rollout.variations.length} ways`)
  const rules = flag.rules?.length ?? 0
  if (rules > 0) parts.push(rules === 1 ? '1 rule' : `${rules} rules`)
  const targets = (flag.targets ?? []).reduce((n, t) => n + t.values.length, 0)
  if (targets > 0) parts.push(targets === 1 ? '1 target' : `${targets} targets`)
  return parts.join(' · ')
}
