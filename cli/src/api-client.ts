/**
 * The admin API as the command uses it: JSON in and out with the token, and every failure
 * turned into a sentence that names the cause (server away, token refused, what the token
 * lacks, no such item, a change the server refused and why).
 */
import { CliError } from './cli-error.js'

export interface ApiSettings {
  url: string
  token: string
  fetch?: typeof fetch
}

export interface ApiAnswer<T> {
  body: T
  etag: string | null
}

/** How long to wait for an answer's headers (and a JSON answer's body). */
const TIMEOUT_MS = 15_000

interface ErrorBody {
  error?: string
  issues?: { path?: (string | number)[] | string; message?: string }[]
  /** A 403's account of what is missing (server README, "Tokens, scopes and roles"). */
  needs?: { scope?: string; environments?: 'any' | 'every' }
}

/** The scope that would do, as a token's holder can act on it. */
function scopeNeeded(needs: ErrorBody['needs']): string {
  if (needs?.scope !== undefined) return ` (a token needs the scope ${needs.scope})`
  if (needs?.environments === 'any') return ' (a token needs a write:<environment> scope)'
  if (needs?.environments === 'every') return ' (a token needs write: for every environment)'
  return ''
}

function explain(status: number, body: ErrorBody, what: string): CliError {
  const said = body.error ?? `HTTP ${status}`
  if (status === 401) return new CliError(`the token was refused (${said}): check ANDON_TOKEN`)
  if (status === 403)
    return new CliError(`this token may not do that: ${said}${scopeNeeded(body.needs)}`)
  if (status === 404) return new CliError(`${what}: ${said}`)
  if (status === 412) return new CliError(`${what} changed meanwhile; try again`)
  if (status === 422 && body.issues !== undefined) {
    const issues = body.issues.map((i) => {
      const path = Array.isArray(i.path) ? i.path.join('.') : (i.path ?? '')
      return path === '' ? i.message : `${path}: ${i.message}`
    })
    return new CliError(`${what} was refused: ${issues.join('; ')}`)
  }
  return new CliError(`${what} failed: ${said}`)
}

export function createApi(settings: ApiSettings) {
  const base = settings.url.replace(/\/+$/, '')
  const doFetch = settings.fetch ?? fetch

  async function send(
    method: string,
    path: string,
    signal: AbortSignal,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    try {
      return await doFetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${settings.token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      })
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause
      const why = cause?.code ?? cause?.message ?? (e as Error).message
      throw new CliError(`cannot reach Andon at ${base} (${why}): is the server up? (ANDON_URL)`)
    }
  }

  async function jsonOf(res: Response): Promise<unknown> {
    const text = await res.text()
    try {
      return text === '' ? null : JSON.parse(text)
    } catch {
      throw new CliError(
        `${base} answered ${res.status} with something other than JSON: is ANDON_URL Andon?`,
      )
    }
  }

  async function call<T>(
    method: string,
    path: string,
    what: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const res = await send(method, path, AbortSignal.timeout(TIMEOUT_MS), options)
    const body = await jsonOf(res)
    if (!res.ok) throw explain(res.status, (body ?? {}) as ErrorBody, what)
    return { body: body as T, etag: res.headers.get('etag') }
  }

  /**
   * A GET whose answer is read as it arrives (an export): the timeout covers the wait for its
   * headers only, so a long answer is never cut off.
   */
  async function stream(path: string, what: string): Promise<ReadableStream<Uint8Array>> {
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(new Error('no answer in 15 s')), TIMEOUT_MS)
    let res: Response
    try {
      res = await send('GET', path, abort.signal)
    } finally {
      clearTimeout(timer)
    }
    if (!res.ok) throw explain(res.status, ((await jsonOf(res)) ?? {}) as ErrorBody, what)
    if (res.body === null) throw new CliError(`${what} failed: the answer had no body`)
    return res.body
  }

  return {
    get: <T>(path: string, what: string) => call<T>('GET', path, what),
    patch: <T>(path: string, what: string, body: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, what, { body, headers }),
    post: <T>(path: string, what: string, body: unknown) => call<T>('POST', path, what, { body }),
    delete: (path: string, what: string) => call<null>('DELETE', path, what),
    stream,
  }
}

export type Api = ReturnType<typeof createApi>
