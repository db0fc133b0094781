/**
 * The audit log of a filter, following new entries: an infinite query of pages, newest first,
 * asked again every few seconds while the page is visible and at once when a followed
 * environment's stream brings a change (lib/live-invalidation.ts); no stream tells of every
 * entry (keys, environments), hence the timer. Entries keep their React keys, so an entry
 * opened before new ones arrive on top stays open.
 *
 * The server filters by exact flag keys only; to match part of a key, the pages are larger and
 * the filter runs here.
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { matchesFlag } from '../lib/audit-filter.js'
import { queryKeys } from '../lib/query-keys.js'
import { useSession } from './useSession.js'
import { useSettled } from './useSettled.js'

export const AUDIT_PAGE = 50
/** Entries per page while part of a flag key filters them here. */
export const AUDIT_SEARCH_PAGE = 1000
export const AUDIT_REFRESH_MS = 3000
/** Typing a flag key waits this long for the next key before asking. */
const SETTLE_MS = 250

export function useAuditLog(filter: { flag: string; environment: string }) {
  const { api } = useSession()
  const flag = useSettled(filter.flag.trim(), SETTLE_MS)
  const { environment } = filter
  const limit = flag === '' ? AUDIT_PAGE : AUDIT_SEARCH_PAGE
  const log = useInfiniteQuery({
    queryKey: queryKeys.auditLog(flag, environment),
    queryFn: ({ pageParam, signal }) =>
      api.audit({ environment: environment || undefined, limit, before: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => (page.length === limit ? page[page.length - 1]?.id : undefined),
    refetchInterval: AUDIT_REFRESH_MS,
    // While a new filter loads, the entries of the last one stay.
    placeholderData: keepPreviousData,
  })
  const pages = log.data?.pages
  const entries = useMemo(
    () => (pages ?? []).flat().filter((e) => matchesFlag(e, flag)),
    [pages, flag],
  )
  return {
    entries,
    more: log.hasNextPage,
    loaded: log.data !== undefined,
    error: log.error ?? undefined,
    refresh: () => void log.refetch(),
    older: () => void log.fetchNextPage(),
  }
}
