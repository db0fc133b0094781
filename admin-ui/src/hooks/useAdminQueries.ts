/**
 * The admin API's lists as TanStack queries, for every page that shows them: one request per
 * list however many components read it, made stale by the stream (lib/live-invalidation.ts)
 * and by the mutations that change it.
 */
import { useQuery } from '@tanstack/react-query'
import type { EnvironmentInfo } from '@andon/core'
import { queryKeys } from '../lib/query-keys.js'
import { useSession } from './useSession.js'

/** The environments; `refreshMs` asks again that often while the page is visible. */
export function useEnvironments(refreshMs?: number) {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.environments,
    queryFn: () => api.environments(),
    // No stream tells of new environments: the page that lists them asks again and again.
    refetchInterval: refreshMs,
  })
}

const keysOf = (envs: EnvironmentInfo[]) => envs.map((e) => e.key)

/** The environment keys in the server's order: the same array until they change. */
export function useEnvironmentKeys() {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.environments,
    queryFn: () => api.environments(),
    select: keysOf,
  })
}

/** The keys of the environments with a setting on, joined by newlines (see below). */
const keysWhere = (setting: 'critical' | 'requireApproval') => (envs: EnvironmentInfo[]) =>
  envs
    .filter((e) => e[setting])
    .map((e) => e.key)
    .join('\n')
const criticalOf = keysWhere('critical')
const approvalOf = keysWhere('requireApproval')

/**
 * The keys of the critical environments, joined by newlines (a string, so that memoized rows
 * compare it cheaply); undefined until the environments are loaded.
 */
export function useCriticalEnvironments() {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.environments,
    queryFn: () => api.environments(),
    select: criticalOf,
  }).data
}

/**
 * The keys of the environments that require approval, joined by newlines; undefined until the
 * environments are loaded.
 */
export function useApprovalEnvironments() {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.environments,
    queryFn: () => api.environments(),
    select: approvalOf,
  }).data
}

export function useFlags() {
  const { api } = useSession()
  return useQuery({ queryKey: queryKeys.flags, queryFn: () => api.flags() })
}

/** An environment's SDK keys; `enabled` false for people who may not list them (not admins). */
export function useKeys(env: string, enabled = true) {
  const { api } = useSession()
  return useQuery({ queryKey: queryKeys.keys(env), queryFn: () => api.keys(env), enabled })
}

export function useSegments(env: string | undefined) {
  const { api } = useSession()
  return useQuery({
    queryKey: queryKeys.segments(env ?? ''),
    queryFn: () => api.segments(env ?? ''),
    enabled: env !== undefined,
  })
}
