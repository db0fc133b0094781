/**
 * Members, tokens and change requests as TanStack queries. No stream tells of them, so the
 * pages that list them ask again every few seconds while they are seen.
 */
import type { ChangeRequestStatus } from '@andon/core'
import { useQuery } from '@tanstack/react-query'
import { queryKeys } from '../lib/query-keys.js'
import { useSession } from './useSession.js'

export const TEAM_REFRESH_MS = 5000

export function useMembers(enabled = true) {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.members,
    queryFn: () => api.members(),
    enabled,
    refetchInterval: TEAM_REFRESH_MS,
  })
}

export function useTokens() {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.tokens,
    queryFn: () => api.tokens(),
    refetchInterval: TEAM_REFRESH_MS,
  })
}

/** An environment's change requests, newest first (`status`: only those). */
export function useChangeRequests(env: string, status?: ChangeRequestStatus) {
  const { api } = useSession()
  return useQuery({
    queryKey: [...queryKeys.changeRequestsOf(env), status ?? 'all'],
    queryFn: () => api.changeRequests(env, status),
    refetchInterval: TEAM_REFRESH_MS,
  })
}
