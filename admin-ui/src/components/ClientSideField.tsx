/**
 * The "available to browsers" checkbox of a flag, with the warning that client-side flags are
 * public. Shared by the new-flag form and the flag's settings.
 */
interface Props {
  id: string
  checked: boolean
  onChange(checked: boolean): void
  /** Announce the warning as it appears (when switching a flag that was server-only). */
  alert?: boolean
  /** Said of flags that already exist: the change applies to every environment. */
  everyEnvironment?: boolean
}

export function ClientSideField({ id, checked, onChange, alert, everyEnvironment }: Props) {
  return (
    <>
      <div className="field checkbox">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id}>Available to browsers (client-side)</label>
      </div>
      {checked && (
        <p className="notice notice-warning" role={alert ? 'alert' : undefined}>
          Client-side flags are public: their rules, targets and the segments they use can be read
          by anyone holding a client key{everyEnvironment ? ', in every environment' : ''}.
        </p>
      )}
    </>
  )
}
