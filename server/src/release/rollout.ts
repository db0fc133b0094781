/**
 * The fallthrough that serves the released variation to a percentage of contexts and the
 * control to the rest. Weights are out of 100,000 (spec/flag-model.md) and the released
 * variation comes first, so that, with the same salt and bucketing attribute, raising its
 * percentage only adds contexts to it: nobody who had it loses it.
 */
import type { Serve } from '@andon/core'

const TOTAL = 100_000

export function releaseServe(
  released: number,
  control: number,
  percent: number,
  bucketBy?: string,
): Serve {
  const weight = Math.round(percent * 1000)
  if (weight >= TOTAL) return { variation: released }
  if (weight <= 0) return { variation: control }
  return {
    rollout: {
      ...(bucketBy === undefined ? {} : { bucketBy }),
      variations: [
        { variation: released, weight },
        { variation: control, weight: TOTAL - weight },
      ],
    },
  }
}
