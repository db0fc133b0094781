/**
 * A flag's guards in one environment while its page is shown: a query asked again every few
 * seconds while the page is visible (SDK figures arrive all the time), made stale at once when
 * the stream brings a new version of the flag (the guard switched it off, guards were set
 * elsewhere; lib/live-invalidation.ts). Saves replace the whole list with `PUT .../guards`.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError } from '../lib/api-error.js'
import type { GuardInput } from '../lib/guard-model.js'
import { queryKeys } from '../lib/query-keys.js'
import { useSession } from './useSession.js'

export const GUARD_REFRESH_MS = 4000

export type GuardsState = ReturnType<typeof useGuards>

/** A server without the guard routes answers 404: then it is not asked every few seconds. */
const missing = (error: unknown) => error instanceof ApiError && error.status === 404

export function useGuards(flagKey: string, env: string) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const queryKey = queryKeys.guards(flagKey, env)
  const guards = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.guards(flagKey, env, signal),
    refetchInterval: (query) => (missing(query.state.error) ? false : GUARD_REFRESH_MS),
  })
  const save = useMutation({
    mutationFn: (input: GuardInput[]) => api.setGuards(flagKey, env, input),
    onSuccess: (saved) => queryClient.setQueryData(queryKey, saved),
  })
  const unavailable = missing(guards.error)
  return {
    data: guards.data,
    error: unavailable ? undefined : (guards.error ?? undefined),
    unavailable,
    loadedAt: guards.data ? guards.dataUpdatedAt : undefined,
    save: (input: GuardInput[]) => save.mutateAsync(input),
  }
}
