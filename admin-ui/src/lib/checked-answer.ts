/**
 * An answer checked with one of core's zod schemas before the UI builds on it: a server that
 * answers another shape fails here with a sentence, not later deep inside an editor.
 */
import { ApiError } from './api-error.js'

interface Schema {
  safeParse(value: unknown): {
    success: boolean
    error?: { issues: { path: PropertyKey[]; message: string }[] }
  }
}

/** `data` as `T` once `schema` accepts it; the answer itself, so fields it does not name stay. */
export function checkedAnswer<T>(schema: Schema, data: unknown, what: string): T {
  const result = schema.safeParse(data)
  if (result.success) return data as T
  const first = result.error?.issues[0]
  const where = first
    ? `${first.path.map(String).join('.') || '(whole answer)'}: ${first.message}`
    : ''
  throw new ApiError(0, `The server's answer is not a ${what} as core defines it (${where}).`)
}
