/** Follows one environment's admin stream: its payload as it changes, and the stream status. */
import { useCallback, useSyncExternalStore } from 'react'
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
  const snapshot = useCallback(() => {
    // A stable string of the states' identities, so React re-renders only when one changed.
    return joined ? joined.split('\n').map((env) => live.get(env)) : []
  }, [live, joined])
  const cache = useSyncExternalStore(subscribe, () => keyOf(snapshot()))
  void cache
  return snapshot()
}

const ids = new WeakMap<object, number>()
let nextId = 0
function keyOf(values: LiveEnvironment[]): string {
  return values
    .map((v) => {
      let id = ids.get(v)
      if (id === undefined) {
        id = nextId++
        ids.set(v, id)
      }
      return id
    })
    .join(',')
}
