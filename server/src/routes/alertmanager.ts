/**
 * `POST /hooks/v1/alertmanager`: Prometheus Alertmanager's webhook. A firing alert labelled
 * `andon_flag` and `andon_environment` (the hook key's own environment) switches that flag off
 * the way the guard does, actor `alertmanager`, the alert in the audit entry. Resolved alerts
 * and alerts for other environments change nothing: a hook key acts only where it belongs.
 */
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { Deps } from '../http/deps.js'
import { alertmanagerBody, type Alert } from '../http/guard-schemas.js'
import { alertmanagerAnswer } from '../http/answer-schemas.js'
import { alertPayload } from '../guard/webhook.js'
import type { AlertOutcome } from '../store/store.js'

const ACTOR = { name: 'alertmanager' }

type Outcome = AlertOutcome | 'ignored'

const receiveAlerts = defineRoute({
  method: 'post',
  path: '/alertmanager',
  operationId: 'receiveAlertmanagerWebhook',
  summary: "Alertmanager's webhook: a firing alert labelled andon_flag switches the flag off",
  description:
    "Only alerts labelled `andon_environment` with the hook key's own environment act; the others are `ignored`.",
  tag: 'hooks',
  access: 'hook',
  request: { body: alertmanagerBody },
  responses: { 200: { description: 'What each alert did.', schema: alertmanagerAnswer } },
})

export function alertmanagerRoutes({ store, tell, counters, now }: Deps) {
  return new ApiRouter().add(receiveAlerts, async (c) => {
    const environment = c.get('auth').environment as string
    const results: { flag: string | null; outcome: Outcome }[] = []
    for (const alert of c.req.valid('json').alerts) {
      const flag = alert.labels.andon_flag ?? null
      const applies =
        alert.status === 'firing' && flag !== null && alert.labels.andon_environment === environment
      if (!applies) {
        results.push({ flag, outcome: 'ignored' })
        continue
      }
      const outcome = await store.disableForAlert(flag, environment, ACTOR, {
        alert: evidence(alert),
      })
      if (outcome === 'disabled') {
        counters.decision('alertmanager')
        tell(alertPayload(flag, environment, alert, now()))
      }
      results.push({ flag, outcome })
    }
    return c.json({ environment, alerts: results })
  })
}

/** What the audit keeps of an alert: enough to find it in Alertmanager again. */
function evidence(alert: Alert) {
  return {
    status: alert.status,
    labels: alert.labels,
    annotations: alert.annotations ?? {},
    startsAt: alert.startsAt ?? null,
    ...(alert.fingerprint === undefined ? {} : { fingerprint: alert.fingerprint }),
    ...(alert.generatorURL === undefined ? {} : { generatorURL: alert.generatorURL }),
  }
}
