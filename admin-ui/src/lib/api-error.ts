/**
 * Errors of the admin API as values the UI can show: the status, a sentence, and for a 422 the
 * validation issues with their paths, so that each message lands at the field it concerns.
 */

export type IssuePath = (string | number)[]

export interface Issue {
  path: IssuePath
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

function toPath(path: unknown): IssuePath {
  if (Array.isArray(path)) {
    return path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
  }
  if (typeof path === 'string' && path !== '') {
    return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  }
  return []
}

/** Request sections that some validators put in front of the path (`json`, `body`, `param`). */
const SECTION_PREFIXES = new Set(['json', 'body', 'param', 'query'])

/** The issues of an error body, from any of the shapes zod-based servers answer with. */
export function issuesOf(body: unknown): Issue[] {
  if (typeof body !== 'object' || body === null) return []
  const record = body as Record<string, unknown>
  const candidates = [record.issues, (record.error as Record<string, unknown> | undefined)?.issues]
  for (const candidate of candidates) {
    if (!Array.isArray(candidate)) continue
    return candidate.flatMap((raw): Issue[] => {
      if (typeof raw !== 'object' || raw === null) return []
      const { path, message } = raw as { path?: unknown; message?: unknown }
      let p = toPath(path)
      if (p.length > 0 && typeof p[0] === 'string' && SECTION_PREFIXES.has(p[0])) p = p.slice(1)
      return [{ path: p, message: typeof message === 'string' ? message : 'is not valid' }]
    })
  }
  return []
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 300)
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as Record<string, unknown>
  for (const field of ['message', 'error']) {
    const value = record[field]
    if (typeof value === 'string') return value
    if (typeof value === 'object' && value !== null) {
      const nested = (value as Record<string, unknown>).message
      if (typeof nested === 'string') return nested
    }
  }
  return undefined
}

const STATUS_SENTENCES: Record<number, string> = {
  401: 'The admin token was not accepted.',
  403: 'This token may not use the admin API (it is a server or client key).',
  404: 'Not found: it may have been archived or deleted.',
  409: 'That already exists.',
  412: 'Someone else changed this while you were editing.',
  422: 'Some values are not valid.',
  429: 'Too many failed attempts: wait a minute and try again.',
}

/** The ApiError for a failed response's status and parsed body. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const issues = issuesOf(body)
  const sentence = STATUS_SENTENCES[status]
  const detail = messageOf(body)
  const message = sentence ?? detail ?? `The server answered ${status}.`
  return new ApiError(status, message, issues, body)
}

/** Whether `path` lies at or under `prefix`. */
export function pathStartsWith(path: IssuePath, prefix: IssuePath): boolean {
  if (prefix.length > path.length) return false
  return prefix.every((p, i) => String(p) === String(path[i]))
}

/** The messages of issues at or under `prefix`. */
export function messagesAt(issues: readonly Issue[], prefix: IssuePath): string[] {
  return issues.filter((i) => pathStartsWith(i.path, prefix)).map((i) => i.message)
}

/** A path written for people: `rules[0].clauses[1].values[0]`. */
export function formatPath(path: IssuePath): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  )
}
