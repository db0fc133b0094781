/**
 * Instants as people type them after `--since`, `--until` or `--expires`: a date
 * (`2026-12-01`, `2026-12-01T09:00:00Z`), ms since the epoch, or a duration counted from now
 * (`2h` ago for `--since`, `90d` ahead for `--expires`). The server gets ms since the epoch.
 */
import { CliError } from './cli-error.js'
import { parseDuration } from './duration.js'

const DAY = 86_400_000

/** A duration that may start with weeks and days: `90d`, `2w`, `1d12h`, `30m`. */
export function parseSpan(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)(w|d)(.*)$/.exec(text)
  if (m === null) return parseDuration(text)
  const rest = (m[3] as string).trim()
  return Number(m[1]) * (m[2] === 'w' ? 7 * DAY : DAY) + (rest === '' ? 0 : parseSpan(rest))
}

/**
 * The instant `text` names; a duration is counted back from `now` (`ago`) or on (`ahead`).
 * `option` names the option in the error.
 */
export function parseInstant(
  text: string,
  option: string,
  now: number,
  direction: 'ago' | 'ahead',
): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  // Date.parse reads almost anything ("1" is 2001): only text shaped like a date goes to it.
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const at = Date.parse(trimmed)
    if (!Number.isNaN(at)) return at
  } else if (trimmed !== '' && !/^\d+(\.\d+)?$/.test(trimmed)) {
    try {
      const span = parseSpan(trimmed)
      return direction === 'ago' ? now - span : now + span
    } catch {
      // Falls through to the one message that says what is accepted.
    }
  }
  const example = direction === 'ago' ? '2h or 7d ago' : '90d or 12h from now'
  throw new CliError(
    `${option} takes a date (2026-12-01, 2026-12-01T09:00:00Z), ms since the epoch, or a duration (${example}), not ${text}`,
  )
}

/** An instant for a table: `2026-12-03 12:05` (UTC). */
export const utcMinute = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ')
