/**
 * The one error type the SDK reports, always through the `error` event and never by a throw:
 * network trouble, HTTP answers, events that do not parse, a dead stream, an unreadable cache,
 * a post of events that failed (`events`), a tracked value that is not a finite number
 * (`invalid-event`).
 */

/** What went wrong, for callers that react differently to each. */
export type SdkErrorKind =
  | 'network'
  | 'http'
  | 'unauthorized'
  | 'malformed-event'
  | 'dead-stream'
  | 'invalid-payload'
  | 'cache'
  | 'listener'
  | 'events'
  | 'invalid-event'

/**
 * An error that the client emitted on its `error` event.
 * @example
 * client.on('error', (e) => { if (e.kind === 'unauthorized') alert(e.message) })
 */
export class AndonSdkError extends Error {
  override readonly name = 'AndonSdkError'
  constructor(
    readonly kind: SdkErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
