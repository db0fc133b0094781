/** An on/off switch: a button with role="switch", so screen readers and the keyboard know it. */
export function Switch(props: {
  checked: boolean
  label: string
  onChange(checked: boolean): void
  disabled?: boolean
  busy?: boolean
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={props.checked}
      aria-label={props.label}
      aria-busy={props.busy || undefined}
      disabled={props.disabled}
      className={`switch${props.checked ? ' switch-on' : ''}${props.busy ? ' switch-busy' : ''}`}
      onClick={() => props.onChange(!props.checked)}
    >
      <span className="switch-knob" aria-hidden="true" />
    </button>
  )
}
