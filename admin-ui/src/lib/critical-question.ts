/**
 * The question asked before a change in a critical environment: a title, what changes in plain
 * words (lib/change-summary.ts) and the label of the button that makes the change.
 */
import type { Flag, FlagConfig, JsonValue } from '@andon/core'
import { changeSummary } from './change-summary.js'

/** The longest comment the server keeps with a change. */
export const COMMENT_MAX = 500

export interface Question {
  env: string
  title: string
  lines: string[]
  confirmLabel: string
}

/** The question for saving `patch` to `flag` in `env`; a switch alone is asked as a switch. */
export function questionFor(
  flag: Flag,
  env: string,
  patch: Partial<FlagConfig>,
  variations: readonly JsonValue[],
): Question {
  const lines = changeSummary(flag, patch, variations)
  const onlySwitch = Object.keys(patch).length === 1 && patch.enabled !== undefined
  return onlySwitch
    ? switchQuestion(flag.key, env, patch.enabled === true)
    : {
        env,
        title: `Save ${flag.key} in ${env}?`,
        lines: lines.length > 0 ? lines : ['Nothing that changes what contexts get'],
        confirmLabel: `Save in ${env}`,
      }
}

/** The question for the kill switch, which knows no more than the state it goes to. */
export function switchQuestion(flagKey: string, env: string, enabled: boolean): Question {
  const verb = enabled ? 'Switch on' : 'Switch off'
  return {
    env,
    title: `${verb} ${flagKey} in ${env}?`,
    lines: [verb],
    confirmLabel: `${verb} in ${env}`,
  }
}

/**
 * The same question where the change waits for approval: it asks for it, and applies nothing
 * yet. Switching off never waits, so its question stays as it is.
 */
export function asRequest(question: Question): Question {
  if (question.lines.length === 1 && question.lines[0] === 'Switch off') return question
  return {
    ...question,
    title: `Ask for approval: ${question.title}`,
    lines: [...question.lines, `Applied once another editor of ${question.env} approves it`],
    confirmLabel: `Request approval in ${question.env}`,
  }
}

/**
 * Whether a change in `env` waits for a confirmation, given the critical environments' keys
 * joined by newlines, or undefined while they are not known (then every one is: in doubt, ask).
 */
export function needsConfirmation(critical: string | undefined, env: string): boolean {
  return critical === undefined || critical.split('\n').includes(env)
}

/**
 * Whether a change in `env` waits for approval, given the keys of the environments that
 * require it joined by newlines (undefined while not known: the server decides then).
 */
export function needsApproval(approval: string | undefined, env: string): boolean {
  return approval?.split('\n').includes(env) ?? false
}
