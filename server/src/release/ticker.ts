/**
 * The clock of release plans: once a second every plan under way may make the move its time
 * allows (a hold that ended, an extension that ran out), and the team hears of it. Batches
 * move plans too, at once; the tick is for the moves that only time makes.
 */
import type { WebhookPayload } from '../guard/webhook.js'
import type { Store } from '../store/store.js'
import { releasePayload } from './release-webhook.js'
import { StoreUnavailable } from '../store/store-error.js'

export const RELEASE_TICK_MS = 1000

export function startReleaseTicker(
  store: Pick<Store, 'advanceReleases'>,
  tell: (payload: WebhookPayload) => void,
  logError: (error: unknown) => void,
  intervalMs = RELEASE_TICK_MS,
): () => void {
  let running = false
  // While the database is away every tick fails alike: the first failure is news, the rest not.
  let away = false
  const tick = async () => {
    // A slow tick (a busy disk) is not stacked on by the next one.
    if (running) return
    running = true
    try {
      for (const e of await store.advanceReleases()) tell(releasePayload(e))
      away = false
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) logError(e)
      else if (!away) logError(e)
      away = e instanceof StoreUnavailable
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
