/** The rollout salt, with the warning that changing it re-buckets every context. */
import { FieldIssues } from './FieldIssues.js'

export function SaltField(props: {
  id: string
  salt: string
  savedSalt: string
  onChange(salt: string): void
}) {
  const changed = props.salt !== props.savedSalt
  return (
    <div className="field">
      <label htmlFor={props.id}>Salt</label>
      <input
        id={props.id}
        value={props.salt}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={`${props.id}-warning`}
      />
      <p
        id={`${props.id}-warning`}
        className={changed ? 'notice notice-warning' : 'muted hint'}
        role={changed ? 'alert' : undefined}
      >
        Changing the salt re-buckets everyone: every percentage rollout of this flag is drawn again,
        so contexts that had a variation may get another.
      </p>
      <FieldIssues path={['salt']} />
    </div>
  )
}
