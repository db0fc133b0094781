/**
 * A small fetch wrapper for the admin API: the session cookie (sent by the browser, never
 * read here), the CSRF token on every request that changes something, JSON in and out, ETag
 * and If-Match, and failures turned into ApiError values with their validation issues.
 */
import { apiErrorOf } from './api-error.js'

export interface RequestOptions {
  body?: unknown
  /** Sent as If-Match: the version the edit was based on. */
  ifMatch?: number | string
  signal?: AbortSignal
}

export interface ApiResponse<T> {
  data: T
  status: number
  etag: string | null
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>
  get<T>(path: string, signal?: AbortSignal): Promise<T>
}

/** Methods the server's CSRF check lets through without the token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A 403 of the CSRF check (not of a missing role): the page's session is not the cookie's. */
const isCsrfRefusal = (status: number, body: unknown) =>
  status === 403 &&
  typeof body === 'object' &&
  body !== null &&
  String((body as { error?: unknown }).error).startsWith('CSRF check failed')

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export function createApiClient(
  options: {
    /** The session's CSRF token; undefined before sign-in. */
    csrfToken?: () => string | undefined
    fetch?: FetchLike
    baseUrl?: string
    /**
     * Called when the server answers 401 (the session ended: expired, signed out elsewhere) or
     * refuses the CSRF token (the cookie now holds a session made in another tab).
     */
    onUnauthorized?: () => void
  } = {},
): ApiClient {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const baseUrl = options.baseUrl ?? ''

  async function request<T>(
    method: string,
    path: string,
    { body, ifMatch, signal }: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const csrf = options.csrfToken?.()
    if (csrf !== undefined && !SAFE_METHODS.has(method.toUpperCase())) {
      headers['X-CSRF-Token'] = csrf
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`
    const response = await doFetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    })
    const data = await readBody(response)
    if (response.status === 401 || isCsrfRefusal(response.status, data)) {
      options.onUnauthorized?.()
    }
    if (!response.ok) throw apiErrorOf(response.status, data)
    return { data: data as T, status: response.status, etag: response.headers.get('ETag') }
  }

  return {
    request,
    get: async <T>(path: string, signal?: AbortSignal) =>
      (await request<T>('GET', path, { signal })).data,
  }
}
