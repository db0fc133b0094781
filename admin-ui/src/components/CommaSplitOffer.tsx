/** The offer to read "SE, NO" typed on one line as two values (lib/comma-values.ts). */
import { commaSplit } from '../lib/comma-values.js'

export function CommaSplitOffer(props: { text: string; onSplit(text: string): void }) {
  const split = commaSplit(props.text)
  if (!split) return null
  return (
    <p className="comma-offer" role="status">
      “{split.line}” is one value.{' '}
      <button type="button" className="link-button" onClick={() => props.onSplit(split.text)}>
        Make it {split.count} values, one per line
      </button>
    </p>
  )
}
