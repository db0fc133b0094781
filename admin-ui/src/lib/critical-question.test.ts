import type { Flag } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { asRequest, needsConfirmation, questionFor, switchQuestion } from './critical-question.js'

const flag: Flag = {
  key: 'checkout',
  version: 3,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 0 },
}

describe('questionFor', () => {
  it('asks to save in the environment, listing what changes', () => {
    const patch = { fallthrough: { variation: 1 }, enabled: false }
    expect(questionFor(flag, 'production', patch, flag.variations)).toEqual({
      env: 'production',
      title: 'Save checkout in production?',
      lines: ['Switch off', 'Default rule: 0 % → 100 % of contexts get true'],
      confirmLabel: 'Save in production',
    })
  })

  it('asks a switch alone as the switch', () => {
    expect(questionFor(flag, 'production', { enabled: false }, flag.variations)).toEqual(
      switchQuestion('checkout', 'production', false),
    )
  })

  it('says so when a change alters no context’s value (guarded metrics only)', () => {
    const question = questionFor(flag, 'production', { metrics: [] }, flag.variations)
    expect(question.lines).toEqual(['Nothing that changes what contexts get'])
  })
})

describe('switchQuestion', () => {
  it('names the flag, the environment and the way the switch goes', () => {
    expect(switchQuestion('checkout', 'prod-eu', true)).toEqual({
      env: 'prod-eu',
      title: 'Switch on checkout in prod-eu?',
      lines: ['Switch on'],
      confirmLabel: 'Switch on in prod-eu',
    })
  })
})

describe('needsConfirmation', () => {
  it('asks in the critical environments only, and in all of them while unknown', () => {
    expect(needsConfirmation('production\nprod-eu', 'prod-eu')).toBe(true)
    expect(needsConfirmation('production\nprod-eu', 'prod')).toBe(false)
    expect(needsConfirmation('', 'development')).toBe(false)
    expect(needsConfirmation(undefined, 'development')).toBe(true)
  })
})

describe('asRequest', () => {
  it('asks for approval where the change waits, and leaves switching off as it is', () => {
    const on = asRequest(switchQuestion('checkout', 'production', true))
    expect(on.title).toBe('Ask for approval: Switch on checkout in production?')
    expect(on.confirmLabel).toBe('Request approval in production')
    expect(on.lines).toContain('Applied once another editor of production approves it')
    const off = switchQuestion('checkout', 'production', false)
    expect(asRequest(off)).toBe(off)
  })
})
