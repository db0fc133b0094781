import { describe, expect, it } from 'vitest'
import { releaseActions } from './release-actions.js'

describe('releaseActions', () => {
  it('offers what each status allows', () => {
    expect(releaseActions('running')).toEqual(['pause', 'abort'])
    expect(releaseActions('awaiting-approval')).toEqual(['approve', 'pause', 'abort'])
    expect(releaseActions('paused')).toEqual(['resume', 'abort'])
    expect(releaseActions('completed')).toEqual([])
    expect(releaseActions('aborted')).toEqual([])
  })
})
