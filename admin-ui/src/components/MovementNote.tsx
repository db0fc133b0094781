/** How many contexts a change of a serve moves, in the 100000-bucket model (0.001 % units). */
import type { JsonValue, Serve } from '@andon/core'
import { bucketByChanged, formatPercentage, movement } from '../lib/rollout.js'
import { variationLabel } from '../lib/variations.js'

export function MovementNote(props: {
  before: Serve
  after: Serve
  variations: readonly JsonValue[]
  id?: string
}) {
  const { moved, flows } = movement(props.before, props.after)
  if (bucketByChanged(props.before, props.after)) {
    return (
      <p className="notice notice-warning" id={props.id} aria-live="polite">
        Changing the bucketing attribute re-randomizes everyone in this rollout.
      </p>
    )
  }
  if (moved === 0) {
    return (
      <p className="muted movement" id={props.id} aria-live="polite">
        This change moves no contexts.
      </p>
    )
  }
  return (
    <p className="movement" id={props.id} aria-live="polite">
      This change moves <strong>{formatPercentage(moved)} %</strong> of contexts (
      {moved.toLocaleString('en')} of every 100,000):{' '}
      {flows
        .map(
          (f) =>
            `${formatPercentage(f.weight)} % from ${variationLabel(props.variations[f.from])} to ${variationLabel(props.variations[f.to])}`,
        )
        .join('; ')}
      .
    </p>
  )
}
