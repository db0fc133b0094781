/**
 * Instants for the `before` and `after` operators: epoch milliseconds, or an ISO-8601
 * date-time string. A string without an offset is read as UTC, so that the result does not
 * depend on the machine's time zone. Anything else is `NaN`, which never compares true.
 */

/** Date, then optionally a time and an offset (`Z`, `+hh:mm`, `+hhmm` or `+hh`). */
const ISO_8601 =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/

export function toInstant(input: unknown): number {
  if (typeof input === 'number') return Number.isFinite(input) ? input : NaN
  const m = typeof input === 'string' ? ISO_8601.exec(input) : null
  if (m === null) return NaN
  const [, date, time, zone = 'Z'] = m
  // Date.parse reads a date alone as UTC, and wants offsets as `+hh:mm`.
  const offset =
    zone.length < 3 ? 'Z' : `${zone.slice(0, 3)}:${zone.length > 3 ? zone.slice(-2) : '00'}`
  const ms = Date.parse(time === undefined ? date! : `${date}T${time.replace(',', '.')}${offset}`)
  return Number.isFinite(ms) ? ms : NaN
}
