/**
 * The hook under every flag hook: it subscribes to one flag of the client, so a component
 * re-renders only when the value of a flag it reads changes. While hydrating it reads what
 * server rendering produced (the bootstrap, or the defaults), so the HTML matches. It counts
 * one exposure when the component mounts and each time the variation it serves changes, not
 * one per render: React renders for many reasons, and the guard compares exposures between
 * variations. (Strict mode's double effects count twice in development.)
 */
import { useCallback, useContext, useEffect, useSyncExternalStore } from 'react'
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
  // The result the client holds, the same object until the flag's value changes, as
  // useSyncExternalStore requires; peek reads it without counting an exposure.
  const held = useSyncExternalStore(
    subscribe,
    () => (client ? client.peek(flagKey) : NOT_FOUND),
    () => (client ? client.initialDetail(flagKey) : NOT_FOUND),
  )
  const result = withDefault(held, defaultValue as Widen<T>)
  const served = result.variationIndex
  useEffect(() => {
    // Reading the held result through variationDetail is what counts the exposure.
    if (client && served !== null) client.variationDetail(flagKey, null)
  }, [client, flagKey, served])
  return result
}
