import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { ReleaseInfo } from '../lib/release-model.js'
import { ReleasePlanView } from './ReleasePlanView.js'

const plan = (over: Partial<ReleaseInfo>): ReleaseInfo => ({
  id: 1,
  flag: 'checkout',
  environment: 'development',
  settings: {
    variation: 1,
    steps: [
      { percent: 1, holdSeconds: 600, approval: false },
      { percent: 50, holdSeconds: 600, approval: true },
      { percent: 100, holdSeconds: 300, approval: false },
    ],
    onRegression: 'rollback',
    onSampleRatioMismatch: 'pause',
    onNoTraffic: 'pause',
    onInsufficientData: 'pause',
    maxExtensionSeconds: 3600,
  },
  control: 0,
  status: 'running',
  step: 0,
  stepStartedAt: Date.now(),
  holdEndsAt: Date.now() + 600_000,
  approvedStep: null,
  warned: [],
  reason: null,
  startedBy: 'ana',
  startedAt: Date.now(),
  updatedAt: Date.now(),
  ...over,
})

const render = (p: ReleaseInfo, guards = []) =>
  renderToStaticMarkup(
    <ReleasePlanView
      plan={p}
      variations={[false, true]}
      guards={guards}
      busy={false}
      onAction={() => {}}
    />,
  )

const buttons = (html: string) =>
  [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1])

describe('ReleasePlanView', () => {
  it('shows a running plan’s step, its countdown, and Pause and Abort', () => {
    const html = render(plan({}))
    expect(html).toContain('Step 1 of 3 at 1 %')
    expect(html).toMatch(/(9:59|10:00) left in the hold/)
    expect(html).toContain('aria-current="step"')
    expect(buttons(html)).toEqual(['Pause', 'Abort'])
  })

  it('asks for approval of the next step', () => {
    const html = render(plan({ status: 'awaiting-approval', step: 0 }))
    expect(html).toContain('Waiting for approval before step 2')
    expect(buttons(html)).toEqual(['Approve next step', 'Pause', 'Abort'])
    expect(html).not.toContain('left in the hold')
  })

  it('shows an ended plan with its reason and no controls', () => {
    const html = render(plan({ status: 'aborted', step: 1, reason: 'aborted by ana' }))
    expect(html).toContain('Aborted by ana')
    expect(html).not.toContain('Step 2 of 3')
    expect(html).toContain('release-step-done')
    expect(html).toContain('release-step-stopped')
    expect(buttons(html)).toEqual([])
  })
})
