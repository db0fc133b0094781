/** A boolean flag as a hook. */
import { useVariationDetail } from './useVariationDetail.js'

/**
 * Whether a boolean flag is on for the client's context; false until known.
 * @example
 * const newCheckout = useFlag('new-checkout')
 * return newCheckout ? <NewCheckout /> : <Checkout />
 */
export function useFlag(flagKey: string): boolean {
  return useVariationDetail(flagKey, false).value === true
}
