/** Revoke, in two steps: the first click asks, the second ("Revoke <name> now") does it. */
export function RevokeButton(props: {
  name: string
  asking: boolean
  onAsk(): void
  onCancel(): void
  onRevoke(): void
}) {
  if (!props.asking) {
    return (
      <button
        type="button"
        className="danger-outline"
        aria-label={`Revoke ${props.name}`}
        onClick={props.onAsk}
      >
        Revoke
      </button>
    )
  }
  return (
    <>
      <button type="button" className="danger" onClick={props.onRevoke}>
        Revoke {props.name} now
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </>
  )
}
