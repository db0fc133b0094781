/**
 * Why flags are off when no person switched them off (lib/off-reason.ts), from the audit log:
 * for the flag list, the newest entries of all flags; for a flag's page, that flag's in one
 * environment. The stream makes these stale whenever a flag is switched off by someone else.
 */
import type { JsonValue } from '@andon/core'
import { useQuery } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import { offReasons, type OffReason, offReasonKey } from '../lib/off-reason.js'
import { queryKeys } from '../lib/query-keys.js'
import { useFlags } from './useAdminQueries.js'
import { useSession } from './useSession.js'

/** The most entries the server gives at once: switch-offs older than these go unexplained. */
export const OFF_REASON_ENTRIES = 1000

const NONE = new Map<string, OffReason>()

export function useOffReasons(scope?: { flag: string; environment: string }) {
  const { api } = useSession()
  const flags = useFlags().data
  const entries = useQuery({
    queryKey: queryKeys.offReasonsOf(scope ? offReasonKey(scope.flag, scope.environment) : 'all'),
    queryFn: ({ signal }) =>
      api.audit({ ...scope, limit: scope ? 50 : OFF_REASON_ENTRIES }, signal),
  })
  const variationsOf = useCallback(
    (key: string): readonly JsonValue[] => flags?.find((f) => f.key === key)?.variations ?? [],
    [flags],
  )
  const data = entries.data
  return useMemo(() => (data ? offReasons(data, variationsOf) : NONE), [data, variationsOf])
}
