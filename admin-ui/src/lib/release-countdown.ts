/**
 * The time left in a release step's hold, as a live countdown says it: "9:58 left",
 * "1:02:03 left". Only a running plan counts down: a paused one starts its step over when it
 * resumes, and one waiting for approval or ended holds nothing.
 */
import type { ReleaseInfo } from './release-model.js'

const pad = (n: number) => String(n).padStart(2, '0')

/** Milliseconds left as "m:ss" or "h:mm:ss", rounded up so that "0:00" means it is over. */
export function clockText(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/** What the countdown shows at `now`, or undefined when the plan holds no step. */
export function holdLeftText(
  plan: Pick<ReleaseInfo, 'status' | 'holdEndsAt'>,
  now: number,
): string | undefined {
  if (plan.status === 'paused') return 'Hold stopped: it starts over on resume'
  if (plan.status !== 'running') return undefined
  const left = plan.holdEndsAt - now
  return left > 0
    ? `${clockText(left)} left in the hold`
    : 'Hold over: the step ends once the guards have their samples'
}
