/** The words of an editor's save bar: what the edit is waiting for, in one short line. */

export interface SaveState {
  saving: boolean
  /** Why a field can not be read (a percentage that is no number…), if one can not. */
  unparsed: string | undefined
  dirty: boolean
  /** The version saved here last, if the person saved on this page. */
  savedVersion: number | undefined
}

export function saveStatus(state: SaveState): string {
  if (state.saving) return 'Saving…'
  if (state.unparsed !== undefined) return `Fix first: ${state.unparsed}`
  if (state.dirty) return 'Unsaved changes'
  if (state.savedVersion !== undefined) return `Saved as version ${state.savedVersion}`
  return 'No changes'
}

/** Whether Save may be pressed. */
export const canSave = (state: SaveState) =>
  state.dirty && !state.saving && state.unparsed === undefined
