/** The bar under an editor: where the edit stands (lib/save-status.ts), Discard and Save. */
import { canSave, saveStatus, type SaveState } from '../lib/save-status.js'

export function SaveBar(props: SaveState & { onDiscard(): void; onSave(): void }) {
  return (
    <div
      className={`save-bar${props.dirty ? ' save-bar-dirty' : ''}`}
      role="region"
      aria-label="Save"
    >
      <span aria-live="polite">{saveStatus(props)}</span>
      <button type="button" onClick={props.onDiscard} disabled={!props.dirty || props.saving}>
        Discard changes
      </button>
      <button type="button" className="primary" onClick={props.onSave} disabled={!canSave(props)}>
        Save changes
      </button>
    </div>
  )
}
