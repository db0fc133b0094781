import { describe, expect, it } from 'vitest'
import { connectionStatus } from './connection-status.js'

describe('what a connection report changes in the status', () => {
  it('says only the connection state when there is no news about freshness', () => {
    expect(connectionStatus('connecting', false, undefined, 7)).toEqual({
      connection: 'connecting',
    })
  })

  it('marks the data fresh when the server answered, and clears the last error', () => {
    expect(connectionStatus('polling', true, undefined, 7)).toEqual({
      connection: 'polling',
      stale: false,
      error: undefined,
    })
  })

  it('makes the client ready from the server when a stream opens after the version held', () => {
    expect(connectionStatus('streaming', true, undefined, 7)).toEqual({
      connection: 'streaming',
      stale: false,
      error: undefined,
      ready: true,
      source: 'server',
    })
  })

  it('waits for the first put when a stream opens with no data held', () => {
    expect(connectionStatus('streaming', true, undefined, 0)).toEqual({
      connection: 'streaming',
      stale: false,
      error: undefined,
    })
  })

  it('marks the data stale with the error when the server could not be reached', () => {
    expect(connectionStatus('connecting', false, new Error('the stream failed'), 7)).toEqual({
      connection: 'connecting',
      stale: true,
      error: 'the stream failed',
    })
  })
})
