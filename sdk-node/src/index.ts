/**
 * @andon/sdk-node: evaluate Andon feature flags locally in Node, kept current over
 * Server-Sent Events, serving the last known values through any outage.
 *
 * @example
 * import { createClient } from '@andon/sdk-node'
 * const flags = createClient({ baseUrl: 'http://localhost:4242', sdkKey: 'srv_...' })
 * await flags.ready({ timeoutMs: 2000 })
 * if (flags.isEnabled('new-checkout', { key: 'user-123', country: 'SE' })) { ... }
 * flags.track('checkout-latency-ms', { key: 'user-123' }, 182) // for the guard
 * await flags.close() // posts the last exposures and metric events
 */
export {
  createClient,
  type AndonClient,
  type ClientStatus,
  type EvaluationDetail,
  type ReadyOptions,
} from './client.js'
export type { BackoffOptions, ClientOptions, Timers } from './options.js'
export { AndonSdkError, type SdkErrorKind } from './errors.js'
export type { Context, JsonValue, Payload, Reason, Flag, Segment } from '@andon/core'
