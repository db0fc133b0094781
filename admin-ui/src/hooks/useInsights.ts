/**
 * The insights as TanStack queries. Figures change with every SDK batch, which no stream
 * tells of: each query asks again every minute while its page is open.
 */
import { useQuery } from '@tanstack/react-query'
import { useSession } from './useSession.js'

const REFRESH_MS = 60_000
const opts = { refetchInterval: REFRESH_MS, staleTime: 30_000 }

export const insightsKey = ['insights'] as const

export function useEvaluations(env: string | undefined, days = 30) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...insightsKey, 'evaluations', env, days],
    queryFn: () => api.insights.evaluations(env as string, days),
    enabled: env !== undefined,
    ...opts,
  })
}

export function useFlagEvaluations(flag: string, env: string, days = 7) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...insightsKey, 'flag-evaluations', flag, env, days],
    queryFn: () => api.insights.flagEvaluations(flag, env, days),
    ...opts,
  })
}

export function useExperiment(flag: string, env: string, metric: string | undefined, days = 30) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...insightsKey, 'experiment', flag, env, metric, days],
    queryFn: () => api.insights.experiment(flag, env, metric, days),
    ...opts,
  })
}

export function useDelivery(env: string, weeks = 12) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...insightsKey, 'delivery', env, weeks],
    queryFn: () => api.insights.delivery(env, weeks),
    ...opts,
  })
}

export function useStaleReport(days: number) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...insightsKey, 'stale', days],
    queryFn: () => api.insights.stale(days),
    ...opts,
  })
}

export function useCodeRefs(flag: string) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...insightsKey, 'code-refs', flag],
    queryFn: () => api.insights.codeRefs(flag),
  })
}
