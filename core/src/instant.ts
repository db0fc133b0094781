/**
 * Instants for the `before` and `after` operators: epoch milliseconds, or an ISO-8601
 * date-time string. A string without an offset is read as UTC, so that the result does not
 * depend on the machine's time zone. Anything else is `NaN`, which never compares true.
 */

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/

const HAS_OFFSET = /(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/

export function toInstant(input: unknown): number {
  if (typeof input === 'number') return Number.isFinite(input) ? input : NaN
  if (typeof input !== 'string' || input.length > 64 || !ISO_8601.test(input)) return NaN
  let text = input.replace(',', '.').replace(' ', 'T').toUpperCase()
  const hasTime = text.includes('T')
  if (hasTime && !HAS_OFFSET.test(text.slice(10))) text += 'Z'
  // Date.parse wants `+hh:mm`; ISO-8601 also allows `+hhmm` and `+hh`.
  text = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/T(.*[+-]\d{2})$/, 'T$1:00')
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : NaN
}
