/**
 * The admin API as the command uses it: JSON in and out with the admin token, and every
 * failure turned into a sentence that names the cause (server away, token refused, no such
 * flag, a change the server refused and why).
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

interface ErrorBody {
  error?: string
  issues?: { path?: (string | number)[] | string; message?: string }[]
}

function explain(status: number, body: ErrorBody, what: string): CliError {
  const said = body.error ?? `HTTP ${status}`
  if (status === 401) return new CliError(`the token was refused (${said}): check ANDON_TOKEN`)
  if (status === 403)
    return new CliError(`this token may not do that (${said}): use an admin token`)
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

  async function call<T>(
    method: string,
    path: string,
    what: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    let res: Response
    try {
      res = await doFetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${settings.token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(15_000),
      })
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause
      const why = cause?.code ?? cause?.message ?? (e as Error).message
      throw new CliError(`cannot reach Andon at ${base} (${why}): is the server up? (ANDON_URL)`)
    }
    const text = await res.text()
    let body: unknown
    try {
      body = text === '' ? null : JSON.parse(text)
    } catch {
      throw new CliError(
        `${base} answered ${res.status} with something other than JSON: is ANDON_URL Andon?`,
      )
    }
    if (!res.ok) throw explain(res.status, (body ?? {}) as ErrorBody, what)
    return { body: body as T, etag: res.headers.get('etag') }
  }

  return {
    get: <T>(path: string, what: string) => call<T>('GET', path, what),
    patch: <T>(path: string, what: string, body: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, what, { body, headers }),
    post: <T>(path: string, what: string, body: unknown) => call<T>('POST', path, what, { body }),
  }
}

export type Api = ReturnType<typeof createApi>
