import type { ChangeRequestInfo } from '@andon/core'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RequestedNote } from './RequestedNote.js'

const request: ChangeRequestInfo = {
  id: 12,
  environment: 'production',
  flag: 'new-checkout',
  status: 'open',
  change: { enabled: true },
  baseVersion: 3,
  author: { kind: 'member', id: '2', name: 'Ada' },
  reviewer: null,
  reason: null,
  createdAt: 0,
  decidedAt: null,
}

describe('RequestedNote', () => {
  it('says the change waits and has not applied, and links to the requests', () => {
    const html = renderToStaticMarkup(
      <RequestedNote request={request} onDismiss={() => {}} />,
    ).replaceAll('<!-- -->', '')
    expect(html).toContain('Your change awaits approval')
    expect(html).toContain('request #12')
    expect(html).toContain('nothing changed in production yet')
    expect(html).toContain('href="#/changes/production"')
  })
})
