/** The bar under an editor: where the edit stands (lib/save-status.ts), Discard and Save. */
import { canSave, saveStatus, type SaveState } from '../lib/save-status.js'

export function SaveBar(
  props: SaveState & {
    onDiscard(): void
    onSave(): void
    /** The Save button's words: "Request approval" where edits wait for approval. */
    saveLabel?: string
    /** Why the person may not save here (a role they lack); Save is then disabled. */
    blocked?: string
  },
) {
  return (
    <div
      className={`save-bar${props.dirty ? ' save-bar-dirty' : ''}`}
      role="region"
      aria-label="Save"
    >
      <span aria-live="polite">{saveStatus(props)}</span>
      {props.blocked && (
        <span className="muted hint" id="save-blocked">
          {props.blocked}
        </span>
      )}
      <button type="button" onClick={props.onDiscard} disabled={!props.dirty || props.saving}>
        Discard changes
      </button>
      <button
        type="button"
        className="primary"
        onClick={props.onSave}
        disabled={!canSave(props) || props.blocked !== undefined}
        aria-describedby={props.blocked ? 'save-blocked' : undefined}
      >
        {props.saveLabel ?? 'Save changes'}
      </button>
    </div>
  )
}
