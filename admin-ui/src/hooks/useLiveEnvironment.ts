/** Follows one environment's admin stream: its payload as it changes, and the stream status. */
import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { LiveEnvironment } from '../lib/live-registry.js'
import { useSession } from './useSession.js'

export function useLiveEnvironment(env: string | undefined): LiveEnvironment | undefined {
  const { live } = useSession()
  const subscribe = useCallback(
    (listener: () => void) => (env ? live.subscribe(env, listener) : () => {}),
    [live, env],
  )
  return useSyncExternalStore(subscribe, () => (env ? live.get(env) : undefined))
}

/** Follows several environments at once (the flag list shows a switch per environment). */
export function useLiveEnvironments(envs: readonly string[]): (LiveEnvironment | undefined)[] {
  const { live } = useSession()
  const joined = envs.join('\n')
  const subscribe = useCallback(
    (listener: () => void) => {
      const stops = joined ? joined.split('\n').map((env) => live.subscribe(env, listener)) : []
      return () => stops.forEach((stop) => stop())
    },
    [live, joined],
  )
  // useSyncExternalStore wants the same array back until one environment's state changes.
  const last = useRef<(LiveEnvironment | undefined)[]>([])
  const snapshot = useCallback(() => {
    const next = joined ? joined.split('\n').map((env) => live.get(env)) : []
    const prev = last.current
    if (next.length === prev.length && next.every((v, i) => v === prev[i])) return prev
    last.current = next
    return next
  }, [live, joined])
  return useSyncExternalStore(subscribe, snapshot)
}
