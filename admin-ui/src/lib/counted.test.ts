import { describe, expect, it } from 'vitest'
import { counted } from './counted.js'

describe('counted', () => {
  it('says one thing in the singular and any other count in the plural', () => {
    expect(counted(1, 'rule')).toBe('1 rule')
    expect(counted(0, 'rule')).toBe('0 rules')
    expect(counted(2, 'entry', 'entries')).toBe('2 entries')
    expect(counted(1200, 'key')).toBe('1,200 keys')
  })
})
