/** The time left in the current step's hold, ticking each second while the plan runs. */
import { useNow } from '../hooks/useNow.js'
import { holdLeftText } from '../lib/release-countdown.js'
import type { ReleaseInfo } from '../lib/release-model.js'

export function ReleaseCountdown(props: { plan: Pick<ReleaseInfo, 'status' | 'holdEndsAt'> }) {
  const now = useNow(props.plan.status === 'running')
  const text = holdLeftText(props.plan, now)
  if (text === undefined) return null
  // A timer is not read out each second (its live region is off); its text is there to read.
  return (
    <p className="release-countdown" role="timer" data-testid="release-countdown">
      {text}
    </p>
  )
}
