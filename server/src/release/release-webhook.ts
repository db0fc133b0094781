/**
 * What the team hears of a release plan: each step, each wait for approval, each pause, each
 * stop and the end, as a Slack-compatible `text` with the structured fields beside it.
 */
import type { WebhookPayload } from '../guard/webhook.js'
import type { ReleaseEvent } from './release-model.js'

const WORDS: Record<ReleaseEvent['kind'], (e: ReleaseEvent) => string> = {
  started: (e) => `:rocket: Release of \`${e.flag}\` in ${e.environment} started at ${e.percent} %`,
  step: (e) => `:arrow_up: \`${e.flag}\` in ${e.environment}: step ${e.step + 1}, ${e.percent} %`,
  'awaiting-approval': (e) =>
    `:raised_hand: \`${e.flag}\` in ${e.environment} waits for approval before step ${e.step + 2}`,
  paused: (e) => `:double_vertical_bar: Release of \`${e.flag}\` in ${e.environment} paused`,
  completed: (e) => `:white_check_mark: \`${e.flag}\` in ${e.environment} is released to 100 %`,
  stopped: (e) =>
    `:rotating_light: Release of \`${e.flag}\` in ${e.environment} stopped at ${e.percent} %`,
  warning: (e) => `:warning: Release of \`${e.flag}\` in ${e.environment}`,
}

export function releasePayload(e: ReleaseEvent): WebhookPayload {
  const text = `${WORDS[e.kind](e)}${e.reason === null ? '' : `: ${e.reason}`}.`
  return {
    text,
    flag: e.flag,
    environment: e.environment,
    metric: null,
    action: 'release',
    at: e.at,
    figures: { event: e.kind, step: e.step, percent: e.percent, reason: e.reason },
  }
}
