/**
 * The mark of a flag that a guard or an alert switched off, in the flag list: a short word,
 * the time and the reason on hover, and the whole sentence for screen readers.
 */
export function OffMark(props: { by: 'guard' | 'alert'; why: string }) {
  return (
    <span className="off-mark" title={props.why}>
      <span aria-hidden="true">{props.by === 'guard' ? 'off by guard' : 'off by alert'}</span>
      <span className="visually-hidden">{props.why}</span>
    </span>
  )
}
