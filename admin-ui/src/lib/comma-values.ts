/**
 * Values typed one per line, where people often write several on one line with commas
 * ("SE, NO"). A value may hold a comma, so the split is offered, not made: this says what the
 * text would be with every such line split, and how many values it then holds.
 */
import { valueLines } from './clause-values.js'

export interface CommaSplit {
  /** The first line holding a comma, as typed. */
  line: string
  /** The values box with each comma-separated line split into lines. */
  text: string
  /** How many values the split text holds. */
  count: number
}

export function commaSplit(text: string): CommaSplit | undefined {
  const lines = valueLines(text)
  const line = lines.find((l) => /[^,\s].*,.*[^,\s]/.test(l))
  if (line === undefined) return undefined
  const values = lines.flatMap((l) =>
    l
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  )
  return { line, text: values.join('\n'), count: values.length }
}
