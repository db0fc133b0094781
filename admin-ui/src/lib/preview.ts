/** Parsing a preview context typed as JSON, and reasons in words. */
import type { Context } from '@andon/core'

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

export function describeReason(reason: Record<string, unknown> & { kind: string }): string {
  const extras: string[] = []
  switch (reason.kind) {
    case 'OFF':
      return 'OFF: the flag is off in this environment.'
    case 'PREREQUISITE_FAILED':
      return `PREREQUISITE_FAILED: prerequisite ${String(reason.prerequisiteKey)} did not serve the required variation.`
    case 'TARGET_MATCH':
      return 'TARGET_MATCH: the context key is an individual target.'
    case 'RULE_MATCH':
      extras.push(
        `rule ${Number(reason.ruleIndex) + 1}${reason.ruleId ? ` (${String(reason.ruleId)})` : ''}`,
      )
      break
    case 'FALLTHROUGH':
      extras.push('no rule matched, the default applies')
      break
    case 'ERROR':
      return `ERROR: ${String(reason.errorKind)}.`
  }
  if (reason.inRollout) extras.push('placed by the percentage rollout')
  if (reason.inExperiment) extras.push('in the experiment')
  return `${reason.kind}: ${extras.join(', ')}.`
}
