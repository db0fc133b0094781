/** The insights routes of the admin API as typed calls (server/src/routes/insights.ts). */
import type { ApiClient } from './api-client.js'
import type {
  DeliveryWeek,
  Evaluations,
  Experiment,
  FlagCodeRefs,
  StaleReport,
} from './insights-model.js'

const e = encodeURIComponent

export function createInsightsApi(client: ApiClient) {
  const base = (env: string) => `/api/v1/environments/${e(env)}/insights`
  return {
    /** Every flag's exposures per day for `days` days, and when each was last evaluated. */
    evaluations: (env: string, days: number) =>
      client.get<Evaluations>(`${base(env)}/flags?days=${days}`),
    /** One flag's exposures per hour for `days` days. */
    flagEvaluations: (flag: string, env: string, days: number) =>
      client.get<Evaluations>(`${base(env)}/flags/${e(flag)}?days=${days}&step=hour`),
    experiment: (flag: string, env: string, metric: string | undefined, days: number) =>
      client.get<Experiment>(
        `${base(env)}/flags/${e(flag)}/experiment?days=${days}${metric ? `&metric=${e(metric)}` : ''}`,
      ),
    delivery: async (env: string, weeks: number) =>
      (await client.get<{ weeks: DeliveryWeek[] }>(`${base(env)}/delivery?weeks=${weeks}`)).weeks,
    stale: (days: number) => client.get<StaleReport>(`/api/v1/insights/stale?days=${days}`),
    codeRefs: (flag: string) => client.get<FlagCodeRefs>(`/api/v1/flags/${e(flag)}/code-refs`),
  }
}

export type InsightsApi = ReturnType<typeof createInsightsApi>
