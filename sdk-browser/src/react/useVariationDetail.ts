/**
 * The hook under every flag hook: it subscribes to one flag of the client, so a component
 * re-renders only when the value of a flag it reads changes. While hydrating it reads what
 * server rendering produced (the bootstrap, or the defaults), so the HTML matches.
 */
import { useCallback, useContext, useSyncExternalStore } from 'react'
import type { EvaluationResult, JsonValue } from '@andon/core'
import type { Widen } from '../types.js'
import { AndonContext, NOT_FOUND, withDefault } from './context.js'

const noop = () => {}

/**
 * A flag's value, variation index and reason for the client's context.
 * @example
 * const { value, reason } = useVariationDetail('banner', 'none')
 */
export function useVariationDetail<T extends JsonValue>(
  flagKey: string,
  defaultValue: T,
): EvaluationResult<Widen<T>> {
  const client = useContext(AndonContext)
  const subscribe = useCallback(
    (onChange: () => void) => (client ? client.subscribe(flagKey, onChange) : noop),
    [client, flagKey],
  )
  // With a null default the client returns the result it holds: the same object until the
  // flag's value changes, as useSyncExternalStore requires.
  const held = useSyncExternalStore(
    subscribe,
    () => (client ? client.variationDetail(flagKey, null) : NOT_FOUND),
    () => (client ? client.initialDetail(flagKey) : NOT_FOUND),
  )
  return withDefault(held, defaultValue as Widen<T>)
}
