/**
 * Variations as people type them, the same when creating a flag and in its settings: a boolean
 * flag is exactly `[false, true]`; string, number and JSON flags take one value per line
 * (strings and numbers as they are, JSON values as JSON), checked as typed.
 */
import type { JsonValue } from '@andon/core'

export type VariationType = 'boolean' | 'string' | 'number' | 'json'

export const VARIATION_TYPES: { value: VariationType; label: string }[] = [
  { value: 'boolean', label: 'Boolean (false / true)' },
  { value: 'string', label: 'Strings' },
  { value: 'number', label: 'Numbers' },
  { value: 'json', label: 'JSON values' },
]

export type ParsedVariations = { variations: JsonValue[] } | { errors: string[] }

/** Parses one value per line (blank lines skipped) into variations of `type`. */
export function parseVariations(type: VariationType, text: string): ParsedVariations {
  if (type === 'boolean') return { variations: [false, true] }
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  const errors: string[] = []
  const variations: JsonValue[] = []
  lines.forEach((line, i) => {
    const at = `Line ${i + 1}`
    if (type === 'string') variations.push(line)
    else if (type === 'number') {
      const n = Number(line)
      if (!Number.isFinite(n) || !/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(line)) {
        errors.push(`${at}: "${line}" is not a number`)
      } else variations.push(n)
    } else {
      try {
        variations.push(JSON.parse(line) as JsonValue)
      } catch {
        errors.push(`${at}: not valid JSON (write strings in double quotes)`)
      }
    }
  })
  if (lines.length < 2 && errors.length === 0) errors.push('Give at least two variations')
  const seen = new Set<string>()
  for (const v of variations) {
    const id = JSON.stringify(v)
    if (seen.has(id)) errors.push(`${id} appears twice`)
    seen.add(id)
  }
  return errors.length > 0 ? { errors } : { variations }
}

/** The type a flag's variations are, for display. */
export function variationTypeOf(variations: readonly JsonValue[]): VariationType {
  if (variations.length === 2 && variations[0] === false && variations[1] === true) return 'boolean'
  if (variations.every((v) => typeof v === 'string')) return 'string'
  if (variations.every((v) => typeof v === 'number')) return 'number'
  return 'json'
}

/** The text of a flag's variations as `parseVariations` reads it back. */
export function formatVariations(type: VariationType, variations: readonly JsonValue[]): string {
  if (type === 'string' || type === 'number') return variations.map(String).join('\n')
  return variations.map((v) => JSON.stringify(v)).join('\n')
}

/** Whether a string would read as another JSON value (`true`, `12`, `null`) without quotes. */
function looksTyped(text: string): boolean {
  try {
    return typeof JSON.parse(text) !== 'string'
  } catch {
    return false
  }
}

/**
 * A short label of a variation value for people: `true`, `blue`, `{"a":1}`, cut at 40
 * characters. Strings go without quotes unless they would read as another value (`"true"`).
 */
export function variationLabel(value: JsonValue | undefined): string {
  const text =
    value === undefined
      ? '(missing)'
      : typeof value === 'string' && value.trim() !== '' && !looksTyped(value)
        ? value
        : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}
