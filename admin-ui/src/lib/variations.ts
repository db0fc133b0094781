/**
 * Variations as people type them when creating a flag: a boolean flag is exactly
 * `[false, true]`; string, number and JSON flags take one value per line, checked as typed.
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

/** A short label of a variation value: `true`, `"blue"`, `{"a":1}` cut at 40 characters. */
export function variationLabel(value: JsonValue | undefined, index?: number): string {
  const text = value === undefined ? '(missing)' : JSON.stringify(value)
  const short = text.length > 40 ? `${text.slice(0, 39)}…` : text
  return index === undefined ? short : `${index}: ${short}`
}
