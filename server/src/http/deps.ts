/**
 * What the route modules share, built once by `createApp`.
 */
import type { Store } from '../store/store.js'
import type { StreamBroker } from '../stream/broker.js'
import type { PayloadCache } from '../stream/payload-cache.js'
import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'
import type { WebhookPayload } from '../guard/webhook.js'
import type { GuardCounters } from './metrics.js'
import { actorOfPrincipal } from '../auth/permissions.js'

export interface Deps {
  store: Store
  broker: StreamBroker
  payloads: PayloadCache
  now: () => number
  /** Sends a webhook after a committed decision; never throws, never makes anyone wait. */
  tell: (payload: WebhookPayload) => void
  counters: GuardCounters
}

/** The audit actor of a request: the principal it authenticated as (a token, by name and id). */
export const actorOf = (c: Context<AppEnv>) => actorOfPrincipal(c.get('principal'))

/** An ETag of a version number, and the version in an If-None-Match header. */
export const etag = (version: number) => `"${version}"`
