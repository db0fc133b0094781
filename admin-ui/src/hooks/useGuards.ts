/**
 * A flag's guards in one environment while the Guards panel is shown: loaded at once, again
 * every few seconds while the page is visible (SDK figures arrive all the time), and at once
 * when the stream brings a new version of the flag (the guard switched it off, guards were
 * set elsewhere); see lib/refresher.ts. Saves replace the whole list with `PUT .../guards`.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../lib/api-error.js'
import type { FlagGuards, GuardInput } from '../lib/guard-model.js'
import { startRefresher, type Refresher } from '../lib/refresher.js'
import { useLiveEnvironment } from './useLiveEnvironment.js'
import { useSession } from './useSession.js'

export const GUARD_REFRESH_MS = 4000

export type GuardsState = ReturnType<typeof useGuards>

export function useGuards(flagKey: string, env: string) {
  const { api } = useSession()
  const [data, setData] = useState<FlagGuards>()
  const [error, setError] = useState<Error>()
  const [loadedAt, setLoadedAt] = useState<number>()
  /** A server without the guard routes answers 404: then stop asking every few seconds. */
  const [unavailable, setUnavailable] = useState(false)
  const inFlight = useRef<AbortController | undefined>(undefined)
  const refresher = useRef<Refresher | undefined>(undefined)
  const liveVersion = useLiveEnvironment(env)?.state.payload?.flags[flagKey]?.version
  const latestVersion = useRef(liveVersion)
  latestVersion.current = liveVersion

  const load = useCallback(() => {
    // The newest request wins: an older answer must not overwrite a newer one.
    inFlight.current?.abort()
    const controller = new AbortController()
    inFlight.current = controller
    api.guards(flagKey, env, controller.signal).then(
      (guards) => {
        if (controller.signal.aborted) return
        setData(guards)
        setError(undefined)
        setLoadedAt(Date.now())
      },
      (e: unknown) => {
        if (controller.signal.aborted) return
        if (e instanceof ApiError && e.status === 404) setUnavailable(true)
        else setError(e instanceof Error ? e : new Error(String(e)))
      },
    )
  }, [api, flagKey, env])

  useEffect(() => {
    if (unavailable) return
    const r = startRefresher({
      load,
      intervalMs: GUARD_REFRESH_MS,
      isVisible: () => globalThis.document?.visibilityState !== 'hidden',
    })
    r.version(latestVersion.current)
    refresher.current = r
    return () => {
      r.stop()
      refresher.current = undefined
      inFlight.current?.abort()
    }
  }, [load, unavailable])

  useEffect(() => {
    refresher.current?.version(liveVersion)
  }, [liveVersion])

  const save = useCallback(
    async (guards: GuardInput[]) => {
      inFlight.current?.abort()
      const saved = await api.setGuards(flagKey, env, guards)
      setData(saved)
      setError(undefined)
      setLoadedAt(Date.now())
      return saved
    },
    [api, flagKey, env],
  )

  return { data, error, unavailable, loadedAt, reload: load, save }
}
