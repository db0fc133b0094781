/**
 * A flag's release plan in one environment: the latest plan (null when it never had one),
 * asked again every few seconds while it is under way (holds end on the server's timer, which
 * tells the stream only when a step starts), and made stale by the stream when the plan writes
 * the flag (lib/live-invalidation.ts). Starting and controlling a plan put the answer in place.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { queryKeys } from '../lib/query-keys.js'
import {
  isUnderWay,
  type ReleaseAction,
  type ReleaseInfo,
  type ReleaseStart,
} from '../lib/release-model.js'
import { useSession } from './useSession.js'

export const RELEASE_REFRESH_MS = 3000

export type ReleaseState = ReturnType<typeof useRelease>

export function useRelease(flagKey: string, env: string) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const queryKey = queryKeys.release(flagKey, env)
  const release = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.release(flagKey, env, signal),
    refetchInterval: (query) => {
      const plan = query.state.data
      return plan && isUnderWay(plan.status) ? RELEASE_REFRESH_MS : false
    },
  })
  const put = (plan: ReleaseInfo) => queryClient.setQueryData(queryKey, plan)
  const start = useMutation({
    mutationFn: (plan: ReleaseStart) => api.startRelease(flagKey, env, plan),
    onSuccess: put,
  })
  const control = useMutation({
    mutationFn: (action: ReleaseAction) => api.controlRelease(flagKey, env, action),
    onSuccess: put,
  })
  return {
    plan: release.data,
    error: release.error ?? undefined,
    start: (plan: ReleaseStart) => start.mutate(plan),
    startError: start.error ?? undefined,
    control: (action: ReleaseAction) => control.mutate(action),
    controlError: control.error ?? undefined,
    busy: start.isPending || control.isPending,
  }
}

/** The templates a plan may name; they change only with the server, so they are asked once. */
export function useReleaseTemplates() {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.releaseTemplates,
    queryFn: () => api.releaseTemplates(),
    staleTime: Infinity,
  })
}
