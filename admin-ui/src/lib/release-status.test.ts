import { describe, expect, it } from 'vitest'
import { statusWords } from './release-status.js'

describe('statusWords', () => {
  it('puts the status before the server’s reason', () => {
    expect(
      statusWords({ status: 'paused', step: 0, reason: 'ana edited the rollout by hand' }),
    ).toEqual({ text: 'Paused: ana edited the rollout by hand', tone: 'waiting' })
    expect(
      statusWords({
        status: 'rolled-back',
        step: 2,
        reason: 'regression: the released variation is worse on errors',
      }),
    ).toEqual({
      text: 'Rolled back: regression: the released variation is worse on errors',
      tone: 'stopped',
    })
  })

  it('does not say the status twice when the reason names who did it', () => {
    expect(statusWords({ status: 'paused', step: 0, reason: 'paused by ana' }).text).toBe(
      'Paused by ana',
    )
    expect(statusWords({ status: 'aborted', step: 0, reason: 'aborted by ana' }).text).toBe(
      'Aborted by ana',
    )
  })

  it('names the step that waits for approval, counted from one', () => {
    expect(statusWords({ status: 'awaiting-approval', step: 1, reason: null }).text).toBe(
      'Waiting for approval before step 3',
    )
  })

  it('says a running plan with no reason as running, and with one as it is', () => {
    expect(statusWords({ status: 'running', step: 0, reason: null })).toEqual({
      text: 'Running',
      tone: 'running',
    })
    expect(
      statusWords({ status: 'running', step: 0, reason: 'waiting for samples of errors' }).text,
    ).toBe('Running: waiting for samples of errors')
    expect(statusWords({ status: 'completed', step: 4, reason: null }).tone).toBe('done')
    expect(statusWords({ status: 'switched-off', step: 0, reason: 'x' }).text).toBe(
      'Switched off: x',
    )
  })
})
