/**
 * A flag's guards in one environment while the Guards panel is shown: loaded at once, again
 * every few seconds while the page is visible (SDK figures arrive all the time), and at once
 * when the stream brings a new version of the flag (the guard switched it off, guards were
 * set elsewhere). Saves replace the whole list with `PUT .../guards`.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../lib/api-error.js'
import type { FlagGuards, GuardInput } from '../lib/guard-model.js'
import { useLiveEnvironment } from './useLiveEnvironment.js'
import { useSession } from './useSession.js'

export const GUARD_REFRESH_MS = 4000

export function useGuards(flagKey: string, env: string) {
  const { api } = useSession()
  const [data, setData] = useState<FlagGuards>()
  const [error, setError] = useState<Error>()
  const [loadedAt, setLoadedAt] = useState<number>()
  const inFlight = useRef<AbortController | undefined>(undefined)
  /** A server without the guard routes answers 404: then stop asking every few seconds. */
  const [unavailable, setUnavailable] = useState(false)
  const liveVersion = useLiveEnvironment(env)?.state.payload?.flags[flagKey]?.version

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
    load()
    const timer = setInterval(() => {
      if (globalThis.document?.visibilityState !== 'hidden') load()
    }, GUARD_REFRESH_MS)
    return () => {
      clearInterval(timer)
      inFlight.current?.abort()
    }
  }, [load, unavailable])

  // A new version of the flag on the stream: the guard may just have switched it off.
  const seenVersion = useRef(liveVersion)
  useEffect(() => {
    if (liveVersion !== undefined && liveVersion !== seenVersion.current) load()
    seenVersion.current = liveVersion
  }, [liveVersion, load])

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
