/**
 * `POST /sdk/v1/events`: an SDK's exposures and tracked metrics. Counted once per batch id
 * (a retry after a lost answer counts nothing), and judged by the guards at once. A client
 * key, public in every browser, reports only on the client-side flags it can see. The
 * webhooks of the decisions go out after the commit, and the answer does not wait for them.
 */
import { Hono } from 'hono'
import { eventBatchSchema } from '@andon/core'
import type { AppEnv } from '../http/app-env.js'
import type { Deps } from '../http/deps.js'
import { validate } from '../http/validate.js'
import { guardPayload } from '../guard/webhook.js'
import { viewOf } from './stream.js'

export function eventRoutes({ store, tell, counters }: Deps) {
  const app = new Hono<AppEnv>()

  app.post('/events', validate('json', eventBatchSchema), async (c) => {
    const key = c.get('auth')
    const batch = c.req.valid('json')
    const outcome = await store.recordEvents(key.environmentId as number, batch, {
      clientSideOnly: viewOf(key) === 'client',
    })
    counters.batch(outcome.duplicate, batch.dropped)
    for (const d of outcome.decisions) {
      counters.decision(d.action)
      tell(guardPayload(d))
    }
    return c.json({ accepted: true, duplicate: outcome.duplicate }, 202)
  })

  return app
}
