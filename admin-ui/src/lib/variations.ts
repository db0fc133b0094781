/**
 * Variations as people type them, the same when creating a flag and in its settings: a boolean
 * flag is exactly `false, true`; string, number and JSON flags take one value per line
 * (strings and numbers as they are, JSON values as JSON), checked as typed. Any line may name
 * its variation first, `control = blue`: the name OpenFeature reports as the variant.
 */
import {
  VARIATION_NAME_PATTERN,
  isNamedVariation,
  variationName,
  variationValue,
  type JsonValue,
} from '@andon/core'

/** `name = value`; a line whose start is no valid name is a value as a whole. */
const NAMED_LINE = /^(\S+) = (.*)$/

/** A line's name (when it starts with a valid one and ` = `) and the text of its value. */
export function splitNamedLine(line: string): { name?: string; text: string } {
  const m = NAMED_LINE.exec(line)
  return m && VARIATION_NAME_PATTERN.test(m[1]!)
    ? { name: m[1]!, text: m[2]!.trim() }
    : { text: line }
}

export type VariationType = 'boolean' | 'string' | 'number' | 'json'

export const VARIATION_TYPES: { value: VariationType; label: string }[] = [
  { value: 'boolean', label: 'Boolean (false / true)' },
  { value: 'string', label: 'Strings' },
  { value: 'number', label: 'Numbers' },
  { value: 'json', label: 'JSON values' },
]

export type ParsedVariations = { variations: JsonValue[] } | { errors: string[] }

/** The value of one line's text as `type` reads it, or the error to show. */
function readValue(type: VariationType, text: string, at: string): JsonValue | { error: string } {
  if (type === 'string') return text
  if (type === 'boolean') {
    if (text === 'false' || text === 'true') return text === 'true'
    return { error: `${at}: a boolean flag's values are false and true` }
  }
  if (type === 'number') {
    const n = Number(text)
    if (!Number.isFinite(n) || !/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
      return { error: `${at}: "${text}" is not a number` }
    }
    return n
  }
  try {
    return JSON.parse(text) as JsonValue
  } catch {
    return { error: `${at}: not valid JSON (write strings in double quotes)` }
  }
}

const isError = (v: JsonValue | { error: string }): v is { error: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.error === 'string'

/**
 * Parses one variation per line (blank lines skipped), each optionally named (`name = value`),
 * into variations of `type`. A boolean flag's are `false` then `true`; blank, they are unnamed.
 */
export function parseVariations(type: VariationType, text: string): ParsedVariations {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
  if (type === 'boolean' && lines.length === 0) return { variations: [false, true] }
  const errors: string[] = []
  const values: JsonValue[] = []
  const variations: JsonValue[] = []
  const names = new Set<string>()
  lines.forEach((line, i) => {
    const at = `Line ${i + 1}`
    const { name, text: valueText } = splitNamedLine(line)
    const value = readValue(type, valueText, at)
    if (isError(value)) return void errors.push(value.error)
    if (name !== undefined && names.has(name)) errors.push(`${at}: the name ${name} is taken`)
    if (name !== undefined) names.add(name)
    values.push(value)
    variations.push(name === undefined ? value : { name, value })
  })
  if (type === 'boolean' && errors.length === 0 && JSON.stringify(values) !== '[false,true]') {
    errors.push('A boolean flag has false, then true')
  }
  if (lines.length < 2 && errors.length === 0) errors.push('Give at least two variations')
  const seen = new Set<string>()
  for (const v of values) {
    const id = JSON.stringify(v)
    if (seen.has(id)) errors.push(`${id} appears twice`)
    seen.add(id)
  }
  return errors.length > 0 ? { errors } : { variations }
}

/** The type a flag's variations are (by their values, names aside), for display. */
export function variationTypeOf(variations: readonly JsonValue[]): VariationType {
  const values = variations.map(variationValue)
  if (values.length === 2 && values[0] === false && values[1] === true) return 'boolean'
  if (values.every((v) => typeof v === 'string')) return 'string'
  if (values.every((v) => typeof v === 'number')) return 'number'
  return 'json'
}

/** The text of a flag's variations as `parseVariations` reads it back, names included. */
export function formatVariations(type: VariationType, variations: readonly JsonValue[]): string {
  return variations
    .map((v) => {
      const value = variationValue(v)
      const text = type === 'string' || type === 'number' ? String(value) : JSON.stringify(value)
      const name = variationName(v)
      return name === undefined ? text : `${name} = ${text}`
    })
    .join('\n')
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
 * A short label of a variation for people: `true`, `blue`, `{"a":1}`, a named one as
 * `control (blue)`, cut at 40 characters. Strings go without quotes unless they would read as
 * another value (`"true"`).
 */
export function variationLabel(variation: JsonValue | undefined): string {
  if (isNamedVariation(variation)) {
    const text = `${variation.name} (${variationLabel(variation.value)})`
    return text.length > 40 ? `${text.slice(0, 39)}…` : text
  }
  const value = variation
  const text =
    value === undefined
      ? '(missing)'
      : typeof value === 'string' && value.trim() !== '' && !looksTyped(value)
        ? value
        : JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}
