import { describe, expect, it } from 'vitest'
import { pageTitle } from './page-title.js'

describe('pageTitle', () => {
  it('names the page and the item', () => {
    expect(pageTitle({ page: 'flags' })).toBe('Flags · Andon')
    expect(pageTitle({ page: 'flag', key: 'new-checkout', env: 'production' })).toBe(
      'new-checkout in production · Andon',
    )
    expect(pageTitle({ page: 'segments', env: 'production', key: 'beta' })).toBe(
      'beta · Segments · Andon',
    )
    expect(pageTitle({ page: 'changes', env: 'production' })).toBe(
      'production · Change requests · Andon',
    )
    expect(pageTitle({ page: 'members' })).toBe('Members · Andon')
  })
})
