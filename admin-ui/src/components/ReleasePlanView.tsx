/**
 * A release plan under way or ended: its status in words, the current step and the time left
 * in its hold, the timeline, the guards' samples, and the buttons that steer it.
 */
import type { JsonValue } from '@andon/core'
import type { GuardStatus } from '../lib/guard-model.js'
import { formatTime } from '../lib/format-time.js'
import { isUnderWay, type ReleaseAction, type ReleaseInfo } from '../lib/release-model.js'
import { statusWords } from '../lib/release-status.js'
import { currentStepText, timelineRows } from '../lib/release-timeline.js'
import { variationLabel } from '../lib/variations.js'
import { ReleaseControls } from './ReleaseControls.js'
import { ReleaseCountdown } from './ReleaseCountdown.js'
import { ReleaseGuardList } from './ReleaseGuardList.js'
import { ReleaseTimeline } from './ReleaseTimeline.js'

export function ReleasePlanView(props: {
  plan: ReleaseInfo
  variations: readonly JsonValue[]
  guards: readonly GuardStatus[] | undefined
  busy: boolean
  onAction(action: ReleaseAction): void
}) {
  const { plan } = props
  const status = statusWords(plan)
  const underWay = isUnderWay(plan.status)
  return (
    <div className="release-plan">
      <p className={`release-status release-status-${status.tone}`} role="status">
        {status.text}
      </p>
      <p className="muted">
        {underWay ? 'Releasing' : 'The last plan released'}{' '}
        {variationLabel(props.variations[plan.settings.variation])} (the others get{' '}
        {variationLabel(props.variations[plan.control])}); started by {plan.startedBy} at{' '}
        {formatTime(plan.startedAt)}.
      </p>
      {underWay && (
        <div className="release-now">
          <p className="release-current" data-testid="release-current">
            {currentStepText(plan)}
          </p>
          <ReleaseCountdown plan={plan} />
        </div>
      )}
      <ReleaseTimeline rows={timelineRows(plan)} label="Steps of the plan" />
      {underWay && (
        <ReleaseGuardList
          guards={props.guards}
          step={plan.settings.steps[plan.step]}
          variations={props.variations}
        />
      )}
      <ReleaseControls
        flagKey={plan.flag}
        env={plan.environment}
        status={plan.status}
        busy={props.busy}
        onAction={props.onAction}
      />
    </div>
  )
}
