/**
 * `POST /sdk/v1/events`: an SDK's exposures and tracked metrics. Counted once per batch id
 * (a retry after a lost answer counts nothing), and judged by the guards at once. A client
 * key, public in every browser, reports only on the client-side flags it can see. The
 * webhooks of the decisions go out after the commit, and the answer does not wait for them.
 */
import { bodyLimit } from 'hono/body-limit'
import { eventBatchSchema } from '@andon/core'
import { clientAddress } from '../http/app-env.js'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { eventsAnswer } from '../http/answer-schemas.js'
import { guardPayload } from '../guard/webhook.js'
import { releasePayload } from '../release/release-webhook.js'
import { viewOf } from './stream.js'

/** The largest event batch a client key may post (server README, "Event batches"). */
export const CLIENT_BATCH_BYTES = 64 * 1024

// A client key is public: its batches, one visitor's figures, are small.
const clientBodyLimit = bodyLimit({
  maxSize: CLIENT_BATCH_BYTES,
  onError: (c) =>
    c.json({ error: `a client key's event batch is limited to ${CLIENT_BATCH_BYTES} bytes` }, 413),
})

const postEvents = defineRoute({
  method: 'post',
  path: '/events',
  operationId: 'postSdkEvents',
  summary: 'Exposures and tracked metrics, counted once per batch id',
  description: `The guards judge the new figures at once. A client key reports on client-side flags only, in batches of at most ${CLIENT_BATCH_BYTES} bytes (413 beyond).`,
  tag: 'sdk',
  access: 'sdk',
  request: { body: eventBatchSchema },
  before: [(c, next) => (viewOf(c.get('auth')) === 'client' ? clientBodyLimit(c, next) : next())],
  responses: { 202: { description: 'Taken.', schema: eventsAnswer } },
})

export function eventRoutes({ store, tell, counters }: Deps) {
  return new ApiRouter().add(postEvents, async (c) => {
    const key = c.get('auth')
    const batch = c.req.valid('json')
    const client = viewOf(key) === 'client'
    // Server keys are trusted; a client key is public, so its figures count per source.
    const outcome = await store.recordEvents(key.environmentId as number, batch, {
      clientSideOnly: client,
      source: client ? clientAddress(c) : '',
    })
    counters.batch(outcome.duplicate, batch.dropped)
    for (const d of outcome.decisions) {
      counters.decision(d.action)
      tell(guardPayload(d))
    }
    for (const e of outcome.releases) tell(releasePayload(e))
    return c.json({ accepted: true, duplicate: outcome.duplicate }, 202)
  })
}
