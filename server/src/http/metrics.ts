/**
 * Prometheus metrics: requests by route and status, a latency histogram by route, open
 * streams, flags per environment, event batches, the guards' decisions and this week's delivery
 * metrics, in the text exposition format at `GET /metrics`.
 */
import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { AppEnv } from './app-env.js'
import type { DeliveryWeek } from '../insights/delivery.js'

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

/** Counts of the immune system: event batches taken and decisions made. */
export interface GuardCounters {
  /** A batch taken, with the events its SDK dropped because a bound was reached. */
  batch(duplicate: boolean, dropped: number): void
  /** A flag switched off or a regression told: by a guard's action, or `alertmanager`. */
  decision(action: 'disable' | 'notify' | 'alertmanager'): void
}

export interface Metrics {
  middleware: MiddlewareHandler<AppEnv>
  counters: GuardCounters
  render(gauges: {
    openStreams: number
    streamTimers: number
    flags: { environment: string; flags: number }[]
    /** The current week's delivery metrics per environment (insights/delivery-weeks.ts). */
    delivery?: DeliveryWeek[]
  }): string
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

export function createMetrics(): Metrics {
  const requests = new Map<string, number>()
  const latency = new Map<string, Histogram>()
  const batches = { accepted: 0, duplicate: 0 }
  let dropped = 0
  const decisions = { disable: 0, notify: 0, alertmanager: 0 }

  function observe(route: string, status: number, seconds: number) {
    const key = `route="${label(route)}",status="${status}"`
    requests.set(key, (requests.get(key) ?? 0) + 1)
    let h = latency.get(route)
    if (h === undefined)
      latency.set(route, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }))
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.counts[i] = (h.counts[i] ?? 0) + 1
    })
    h.sum += seconds
    h.count++
  }

  return {
    counters: {
      batch: (duplicate, n) => {
        batches[duplicate ? 'duplicate' : 'accepted']++
        if (!duplicate) dropped += n
      },
      decision: (action) => void decisions[action]++,
    },
    async middleware(c, next) {
      const start = performance.now()
      try {
        await next()
      } finally {
        // The pattern of the handler that answered (after next(), the index points at it), so
        // unknown paths share the catch-all's label and scanners can not grow the series.
        const route = routePath(c)
        observe(`${c.req.method} ${route}`, c.res.status, (performance.now() - start) / 1000)
      }
    },
    render({ openStreams, streamTimers, flags, delivery = [] }) {
      const lines = [
        '# HELP andon_http_requests_total HTTP requests by route and status.',
        '# TYPE andon_http_requests_total counter',
      ]
      for (const [key, n] of requests) lines.push(`andon_http_requests_total{${key}} ${n}`)
      lines.push(
        '# HELP andon_http_request_duration_seconds Time to answer, by route.',
        '# TYPE andon_http_request_duration_seconds histogram',
      )
      for (const [route, h] of latency) {
        const r = `route="${label(route)}"`
        BUCKETS.forEach((b, i) =>
          lines.push(`andon_http_request_duration_seconds_bucket{${r},le="${b}"} ${h.counts[i]}`),
        )
        lines.push(`andon_http_request_duration_seconds_bucket{${r},le="+Inf"} ${h.count}`)
        lines.push(`andon_http_request_duration_seconds_sum{${r}} ${h.sum}`)
        lines.push(`andon_http_request_duration_seconds_count{${r}} ${h.count}`)
      }
      lines.push(
        '# HELP andon_open_streams Open stream connections.',
        '# TYPE andon_open_streams gauge',
        `andon_open_streams ${openStreams}`,
        '# HELP andon_stream_timers Heartbeat timers of the stream broker (0 without streams).',
        '# TYPE andon_stream_timers gauge',
        `andon_stream_timers ${streamTimers}`,
        '# HELP andon_flags Live flags per environment.',
        '# TYPE andon_flags gauge',
      )
      for (const f of flags)
        lines.push(`andon_flags{environment="${label(f.environment)}"} ${f.flags}`)
      lines.push(
        '# HELP andon_event_batches_total SDK event batches, counted or already counted.',
        '# TYPE andon_event_batches_total counter',
        ...Object.entries(batches).map(
          ([outcome, n]) => `andon_event_batches_total{outcome="${outcome}"} ${n}`,
        ),
        '# HELP andon_sdk_events_dropped_total Events SDKs reported dropping (their buffers were full).',
        '# TYPE andon_sdk_events_dropped_total counter',
        `andon_sdk_events_dropped_total ${dropped}`,
        '# HELP andon_guard_decisions_total Flags switched off and regressions told, by action.',
        '# TYPE andon_guard_decisions_total counter',
        ...Object.entries(decisions).map(
          ([action, n]) => `andon_guard_decisions_total{action="${action}"} ${n}`,
        ),
      )
      lines.push(...deliveryLines(delivery))
      return lines.join('\n') + '\n'
    },
  }
}

/** The current week's delivery metrics, as gauges labelled by environment and week. */
function deliveryLines(weeks: readonly DeliveryWeek[]): string[] {
  const gauge = (name: string, help: string, value: (w: DeliveryWeek) => number | null) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} gauge`,
    ...weeks.flatMap((w) => {
      const v = value(w)
      return v === null
        ? []
        : [`${name}{environment="${label(w.environment)}",week="${w.week}"} ${v}`]
    }),
  ]
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000)
  return [
    ...gauge(
      'andon_delivery_releases',
      'Releases this week (a flag switched on or ramped to everyone).',
      (w) => w.releases,
    ),
    ...gauge(
      'andon_delivery_failures',
      "This week's releases undone by a guard, an alert or a kill switch.",
      (w) => w.failures,
    ),
    ...gauge(
      'andon_delivery_change_failure_rate',
      'Failures / releases this week.',
      (w) => w.changeFailureRate,
    ),
    ...gauge(
      'andon_delivery_time_to_restore_seconds',
      'Median time from a switch-off to the next release, this week.',
      (w) => seconds(w.timeToRestore.median),
    ),
    ...gauge(
      'andon_delivery_lead_time_seconds',
      "Median time from a flag's creation to serving everyone, this week.",
      (w) => seconds(w.leadTime.median),
    ),
  ]
}
