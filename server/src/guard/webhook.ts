/**
 * Telling the team: a JSON POST to `ANDON_WEBHOOK_URL` with a Slack-compatible `text` and the
 * structured fields, sent after the decision committed. A slow or failing receiver never holds
 * a decision back: the send is not awaited by anyone, bounded by a timeout, and its failures
 * are logged.
 */
import type { GuardDecision, VariationFigures, WindowSources } from './guard-model.js'

export interface WebhookPayload {
  text: string
  flag: string
  environment: string
  /** The guarded metric, or null for an outside alert. */
  metric: string | null
  /**
   * `disable` or `notify` for a guard; `alertmanager` for an alert that switched a flag off;
   * `release` for what a release plan did.
   */
  action: 'disable' | 'notify' | 'alertmanager' | 'release'
  at: number
  figures: unknown
  /** For a guard: how many sources the decisive figures came from. */
  sources?: WindowSources
}

/** Delivers one payload; the app never waits for it. */
export type WebhookSender = (payload: WebhookPayload) => Promise<void>

const pct = (x: number) => `${(100 * x).toPrecision(3)} %`
const num = (x: number) => String(Number(x.toPrecision(4)))

function valueText(kind: GuardDecision['kind'], f: VariationFigures): string {
  return kind === 'rate'
    ? `${pct(f.value)} (${f.count} of ${f.exposures})`
    : `${num(f.value)} (mean of ${f.count})`
}

export function guardPayload(d: GuardDecision): WebhookPayload {
  const what = d.action === 'disable' ? 'switched off' : 'found a regression in'
  const c = d.comparison
  const text =
    `:rotating_light: Andon guard ${what} \`${d.flag}\` in ${d.environment}: ` +
    `${d.metric} (${d.kind}) is ${valueText(d.kind, d.treatment)} in variation ${d.treatment.variation} ` +
    `against ${valueText(d.kind, d.control)} in control ${d.control.variation} ` +
    `(likelihood ratio ${num(c.likelihoodRatio)} ≥ bound ${num(c.bound)}, threshold ${num(d.threshold)}; ` +
    `${sourcesText(d.sources)}).`
  return {
    text,
    flag: d.flag,
    environment: d.environment,
    metric: d.metric,
    action: d.action,
    at: d.at,
    figures: { control: d.control, treatment: d.treatment, comparison: c, alpha: d.alpha },
    sources: d.sources,
  }
}

function sourcesText(s: WindowSources): string {
  const from = [
    ...(s.clientSources > 0 ? [`${s.clientSources} client sources`] : []),
    ...(s.serverKeys ? ['server keys'] : []),
  ].join(' and ')
  const out = [s.leftOut, s.alsoLeftOut].flatMap((x) =>
    x === null || x === undefined ? [] : [x.source],
  )
  const left = out.length === 0 ? '' : `, ${out.join(' and ')} left out`
  return `figures from ${from || 'no source'}${left}`
}

export function alertPayload(
  flag: string,
  environment: string,
  alert: { labels: Record<string, string>; annotations?: Record<string, string> },
  at: number,
): WebhookPayload {
  const name = alert.labels.alertname ?? 'an alert'
  return {
    text: `:rotating_light: Alertmanager: ${name} fired and switched \`${flag}\` off in ${environment}.`,
    flag,
    environment,
    metric: null,
    action: 'alertmanager',
    at,
    figures: { labels: alert.labels, annotations: alert.annotations ?? {} },
  }
}

export function createWebhookSender(
  url: string,
  options: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {},
): WebhookSender {
  const doFetch = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? 5000
  return async (payload) => {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    })
    await res.body?.cancel()
    if (!res.ok) throw new Error(`the webhook answered ${res.status}`)
  }
}
