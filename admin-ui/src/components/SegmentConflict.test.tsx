import type { SegmentInfo } from '@andon/core'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SegmentConflict } from './SegmentConflict.js'

const segment = (version: number, included: string[]): SegmentInfo => ({
  key: 'beta',
  version,
  name: 'Beta',
  description: '',
  included,
  excluded: [],
  rules: [],
  updatedAt: 0,
})

describe('SegmentConflict', () => {
  it('names both versions, shows what changed elsewhere and offers both ways on', () => {
    const html = renderToStaticMarkup(
      <SegmentConflict
        base={segment(3, ['alice'])}
        newer={segment(5, ['alice', 'zed-the-newcomer'])}
        onDiscard={() => {}}
        onKeep={() => {}}
      />,
    )
    expect(html).toContain('Version 5 was saved elsewhere while you edited version 3')
    expect(html).toContain('zed-the-newcomer')
    expect(html).toContain('Discard my edits and load version 5')
    expect(html).toContain('Keep my edits on top of version 5')
  })
})
