/** Tracking metric events for the guard, as a hook. */
import { useCallback, useContext } from 'react'
import { AndonContext } from './context.js'

/**
 * A stable function that records a metric event for the client's context (see the client's
 * `track`); it does nothing outside an `AndonProvider`.
 * @example
 * const track = useTrack()
 * const onError = () => track('checkout-error')
 * const onLoaded = (ms: number) => track('checkout-latency', ms)
 */
export function useTrack(): (metricKey: string, value?: number) => void {
  const client = useContext(AndonContext)
  return useCallback(
    (metricKey: string, value?: number) => client?.track(metricKey, value),
    [client],
  )
}
