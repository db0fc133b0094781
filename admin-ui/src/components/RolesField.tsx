/** A role for each environment (none, viewer or editor), one labelled select each. */
import type { RoleChoice } from '../lib/member-form.js'

export function RolesField(props: {
  id: string
  environments: readonly string[]
  value: Record<string, RoleChoice>
  onChange(value: Record<string, RoleChoice>): void
  disabled?: boolean
  /** Why the roles can not be changed here (single sign-on sets them). */
  hint?: string
}) {
  return (
    <fieldset
      className="roles-field"
      aria-describedby={props.hint ? `${props.id}-hint` : undefined}
    >
      <legend>Role per environment</legend>
      {props.hint && (
        <p className="muted hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.environments.map((env) => (
        <span className="field-inline" key={env}>
          <label htmlFor={`${props.id}-${env}`}>{env}</label>
          <select
            id={`${props.id}-${env}`}
            value={props.value[env] ?? 'none'}
            disabled={props.disabled}
            onChange={(e) =>
              props.onChange({ ...props.value, [env]: e.target.value as RoleChoice })
            }
          >
            <option value="none">none</option>
            <option value="viewer">viewer</option>
            <option value="editor">editor</option>
          </select>
        </span>
      ))}
    </fieldset>
  )
}
