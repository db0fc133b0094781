/** `90s`, `30m`, `2h`, `1h30m` or a number of seconds, as milliseconds. */
import { CliError } from './cli-error.js'

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

export function parseDuration(text: string): number {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  const joined = parts.map((p) => p[0]).join('')
  if (parts.length === 0 || joined !== trimmed) {
    throw new CliError(`${text} is not a duration: write 90s, 30m, 2h or 1h30m`)
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * (UNIT[p[2] as string] as number), 0)
}
