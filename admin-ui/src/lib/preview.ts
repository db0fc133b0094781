/** Parsing a preview context typed as JSON, and reasons in words. */
import type { Context, Reason } from '@andon/core'

export function parseContext(text: string): { context: Context } | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { error: `The context is not valid JSON: ${(e as Error).message}` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'The context must be a JSON object, e.g. {"key": "user-1"}' }
  }
  return { context: value as Context }
}

const ERRORS: Record<NonNullable<Reason['errorKind']>, string> = {
  FLAG_NOT_FOUND: 'this environment does not have the flag',
  MALFORMED_FLAG: 'the flag can not be evaluated as stored',
  TARGETING_KEY_MISSING: 'the context has no key, which a percentage rollout needs',
  WRONG_TYPE: 'the value is not of the type the caller asked for',
}

/** Why a context got what it got, in words for people (no reason codes, no rule ids). */
export function describeReason(reason: Reason): string {
  const how: string[] = []
  if (reason.inRollout) how.push('placed by the percentage rollout')
  if (reason.inExperiment) how.push('in the experiment')
  const placed = how.length > 0 ? `, ${how.join(', ')}` : ''
  switch (reason.kind) {
    case 'OFF':
      return 'The flag is off in this environment.'
    case 'PREREQUISITE_FAILED':
      return `Prerequisite ${reason.prerequisiteKey ?? ''} did not serve the variation this flag requires.`
    case 'TARGET_MATCH':
      return 'The context key is an individual target.'
    case 'RULE_MATCH':
      return `Rule ${(reason.ruleIndex ?? 0) + 1} matched${placed}.`
    case 'FALLTHROUGH':
      return `No rule matched: the default rule applies${placed}.`
    case 'ERROR':
      return `Not evaluated: ${reason.errorKind ? ERRORS[reason.errorKind] : 'an error occurred'}.`
  }
}
