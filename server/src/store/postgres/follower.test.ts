import { describe, expect, it } from 'vitest'
import { announcedChange } from './follower.js'

const keys = new Map([[3, 'production']])
const events = [{ event: 'patch', data: { kind: 'flag', key: 'a', version: 2 }, server: true }]

describe('a change announced with NOTIFY', () => {
  it('carries its events when they fit, for the environments a process knows', () => {
    expect(announcedChange(`3:17:${JSON.stringify(events)}`, keys)).toEqual({
      env: 3,
      version: 17,
      change: { environmentId: 3, environment: 'production', version: 17, events },
    })
  })

  it('names only the version when they do not fit, or cannot be read: the log has them', () => {
    expect(announcedChange('3:17', keys)).toEqual({ env: 3, version: 17, change: undefined })
    expect(announcedChange('3:17:[{"event"', keys)?.change).toBeUndefined()
    expect(announcedChange('3:17:{"not":"a list"}', keys)?.change).toBeUndefined()
    expect(announcedChange(`4:17:${JSON.stringify(events)}`, keys)?.change).toBeUndefined()
  })

  it('is ignored when it names no environment and version', () => {
    expect(announcedChange('', keys)).toBeUndefined()
    expect(announcedChange('x:1', keys)).toBeUndefined()
  })
})
