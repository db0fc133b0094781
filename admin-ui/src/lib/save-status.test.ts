import { describe, expect, it } from 'vitest'
import { canSave, saveStatus, type SaveState } from './save-status.js'

const idle: SaveState = {
  saving: false,
  unparsed: undefined,
  dirty: false,
  savedVersion: undefined,
}

describe('saveStatus', () => {
  it('says what the edit waits for, the most pressing first', () => {
    expect(saveStatus(idle)).toBe('No changes')
    expect(saveStatus({ ...idle, savedVersion: 7 })).toBe('Saved as version 7')
    expect(saveStatus({ ...idle, dirty: true, savedVersion: 7 })).toBe('Unsaved changes')
    const unparsed = { ...idle, dirty: true, unparsed: 'Rollout percentage: At most 100 %' }
    expect(saveStatus(unparsed)).toBe('Fix first: Rollout percentage: At most 100 %')
    expect(saveStatus({ ...unparsed, saving: true })).toBe('Saving…')
  })
})

describe('canSave', () => {
  it('allows a save of a readable edit that is not on its way yet', () => {
    expect(canSave({ ...idle, dirty: true })).toBe(true)
    expect(canSave(idle)).toBe(false)
    expect(canSave({ ...idle, dirty: true, saving: true })).toBe(false)
    expect(canSave({ ...idle, dirty: true, unparsed: 'x' })).toBe(false)
  })
})
