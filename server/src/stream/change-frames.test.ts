import { describe, expect, it } from 'vitest'
import type { Change } from '../store/store.js'
import { changeFrames, replayFrames } from './change-frames.js'

const change = (version: number, events: Change['events']): Change => ({
  environmentId: 1,
  environment: 'production',
  version,
  events,
})

describe('framing a change for each view', () => {
  const both = change(4, [
    { event: 'patch', data: { key: 'a' }, server: true, client: true },
    { event: 'delete', data: { key: 'b' }, server: true, client: false },
  ])

  it('frames every event with the change version as id, in order, per view', () => {
    expect(changeFrames(both)).toEqual({
      server:
        'event: patch\nid: 4\ndata: {"key":"a"}\n\nevent: delete\nid: 4\ndata: {"key":"b"}\n\n',
      client: 'event: patch\nid: 4\ndata: {"key":"a"}\n\n',
    })
  })

  it('gives a view nothing from a change that is not its', () => {
    const serverOnly = change(5, [{ event: 'patch', data: {}, server: true, client: false }])
    expect(changeFrames(serverOnly).client).toBe('')
  })

  it('replays several changes in order for one view', () => {
    const next = change(5, [{ event: 'put', data: { flags: {} }, server: false, client: true }])
    expect(replayFrames([both, next], 'client')).toBe(
      'event: patch\nid: 4\ndata: {"key":"a"}\n\nevent: put\nid: 5\ndata: {"flags":{}}\n\n',
    )
  })
})
