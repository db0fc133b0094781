/**
 * A small fetch wrapper for the admin API: bearer token, JSON in and out, ETag and If-Match,
 * and failures turned into ApiError values with their validation issues.
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
  readonly token: string
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export function createApiClient(options: {
  token: string
  fetch?: FetchLike
  baseUrl?: string
  /** Called when the server refuses the token (revoked meanwhile, or the server was reset). */
  onUnauthorized?: () => void
}): ApiClient {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const baseUrl = options.baseUrl ?? ''

  async function request<T>(
    method: string,
    path: string,
    { body, ifMatch, signal }: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.token}`,
      Accept: 'application/json',
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`
    const response = await doFetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
    const data = await readBody(response)
    if (response.status === 401) options.onUnauthorized?.()
    if (!response.ok) throw apiErrorOf(response.status, data)
    return { data: data as T, status: response.status, etag: response.headers.get('ETag') }
  }

  return {
    token: options.token,
    request,
    get: async <T>(path: string, signal?: AbortSignal) =>
      (await request<T>('GET', path, { signal })).data,
  }
}
