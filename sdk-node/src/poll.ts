/**
 * One request to `GET /sdk/v1/flags`, with `If-None-Match` so that an unchanged environment
 * costs a 304. Used while the stream keeps failing. Returns what happened as a value.
 */
import { asPayload, type Payload } from '@andon/core'

export type PollOutcome =
  | { kind: 'payload'; payload: Payload; etag: string | undefined }
  | { kind: 'not-modified' }
  | { kind: 'unauthorized'; status: number }
  | { kind: 'error'; message: string; status?: number; cause?: unknown }

export interface PollRequest {
  url: string
  sdkKey: string
  etag: string | undefined
  fetch: typeof globalThis.fetch
  timeoutMs: number
  signal: AbortSignal
}

/**
 * Polls once; never throws.
 * @example
 * const outcome = await pollOnce({ url, sdkKey, etag, fetch, timeoutMs: 10_000, signal })
 * if (outcome.kind === 'payload') store.put(outcome.payload)
 */
export async function pollOnce(request: PollRequest): Promise<PollOutcome> {
  try {
    const response = await request.fetch(request.url, {
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${request.sdkKey}`,
        ...(request.etag ? { 'If-None-Match': request.etag } : {}),
      },
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    })
    if (response.status === 304) {
      await response.body?.cancel()
      return { kind: 'not-modified' }
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel()
      return { kind: 'unauthorized', status: response.status }
    }
    if (response.status !== 200) {
      await response.body?.cancel()
      return { kind: 'error', message: `poll answered ${response.status}`, status: response.status }
    }
    const payload = asPayload(await response.json())
    if (!payload) return { kind: 'error', message: 'poll answered an invalid payload' }
    return {
      kind: 'payload',
      payload,
      etag: response.headers.get('etag') ?? undefined,
    }
  } catch (cause) {
    return { kind: 'error', message: `poll failed: ${(cause as Error)?.message}`, cause }
  }
}
