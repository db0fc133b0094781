/** Individual targets: the context keys that get each variation before any rule is looked at. */
import type { JsonValue, Target } from '@andon/core'
import { variationLabel } from '../lib/variations.js'
import { FieldIssues } from './FieldIssues.js'
import { KeyListField } from './KeyListField.js'

export function TargetsEditor(props: {
  id: string
  targets: readonly Target[]
  variations: readonly JsonValue[]
  onChange(targets: Target[]): void
}) {
  const keysFor = (variation: number) =>
    props.targets.filter((t) => t.variation === variation).flatMap((t) => t.values)

  function set(variation: number, keys: string[]) {
    const next: Target[] = []
    props.variations.forEach((_, i) => {
      const values = i === variation ? keys : keysFor(i)
      if (values.length > 0) next.push({ variation: i, values })
    })
    props.onChange(next)
  }

  return (
    <div className="targets">
      {props.variations.map((v, i) => (
        <KeyListField
          key={i}
          id={`${props.id}-${i}`}
          label={`Context keys that get ${variationLabel(v)}`}
          keys={keysFor(i)}
          onChange={(keys) => set(i, keys)}
        />
      ))}
      <FieldIssues path={['targets']} />
    </div>
  )
}
