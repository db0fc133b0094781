/**
 * The audit log of a filter, following new entries: the first page once the filter settles,
 * then the newest page again every few seconds while the page is visible and at once when an
 * environment's stream brings a change (see lib/refresher.ts); new entries go on top
 * (lib/audit-merge.ts). No stream tells of every entry (keys, environments), hence the timer.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { firstPage, withNewest, withOlder, type AuditView } from '../lib/audit-merge.js'
import { startRefresher, type Refresher } from '../lib/refresher.js'
import { useSession } from './useSession.js'

export const AUDIT_PAGE = 50
export const AUDIT_REFRESH_MS = 3000
/** Typing a flag key waits this long for the next key before asking. */
const SETTLE_MS = 250

export function useAuditLog(
  filter: { flag: string; environment: string },
  /** The versions of the environments' streams joined, undefined until all are known. */
  streamVersion: string | undefined,
) {
  const { api } = useSession()
  const { flag, environment } = filter
  /** The view with the filter it belongs to, so that a late answer for another one is dropped. */
  const [shown, setShown] = useState<AuditView & { filter: string }>()
  const [error, setError] = useState<string>()
  const current = `${flag}\n${environment}`
  const latestFilter = useRef(current)
  latestFilter.current = current
  const refresher = useRef<Refresher | undefined>(undefined)
  const latestVersion = useRef(streamVersion)
  latestVersion.current = streamVersion

  const newest = useCallback(async () => {
    try {
      const page = await api.audit({ flag, environment, limit: AUDIT_PAGE })
      if (latestFilter.current !== current) return
      setShown((old) => {
        if (old?.filter !== current) return { filter: current, ...firstPage(page, AUDIT_PAGE) }
        const next = withNewest(old, page, AUDIT_PAGE)
        return next === old ? old : { filter: current, ...next }
      })
      setError(undefined)
    } catch (e) {
      if (latestFilter.current === current) setError((e as Error).message)
    }
  }, [api, flag, environment, current])

  useEffect(() => {
    let r: Refresher | undefined
    const settle = setTimeout(() => {
      r = startRefresher({
        load: () => void newest(),
        intervalMs: AUDIT_REFRESH_MS,
        isVisible: () => globalThis.document?.visibilityState !== 'hidden',
      })
      r.version(latestVersion.current)
      refresher.current = r
    }, SETTLE_MS)
    return () => {
      clearTimeout(settle)
      r?.stop()
      refresher.current = undefined
    }
  }, [newest])

  useEffect(() => {
    refresher.current?.version(streamVersion)
  }, [streamVersion])

  const older = useCallback(async () => {
    const last = shown?.entries[shown.entries.length - 1]
    if (!shown || !last) return
    try {
      const page = await api.audit({ flag, environment, limit: AUDIT_PAGE, before: last.id })
      if (latestFilter.current !== current) return
      setShown((old) =>
        old?.filter === current ? { filter: current, ...withOlder(old, page, AUDIT_PAGE) } : old,
      )
      setError(undefined)
    } catch (e) {
      setError((e as Error).message)
    }
  }, [api, flag, environment, current, shown])

  // While a new filter settles, the entries of the last one stay.
  return {
    entries: shown?.entries ?? [],
    more: shown?.filter === current && shown.more,
    loaded: shown !== undefined,
    error,
    refresh: newest,
    older,
  }
}
