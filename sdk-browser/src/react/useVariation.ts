/** A flag's value as a hook. */
import type { JsonValue } from '@andon/core'
import type { Widen } from '../types.js'
import { useVariationDetail } from './useVariationDetail.js'

/**
 * The flag's value for the client's context, or `defaultValue` until it is known (and when
 * it is off without an off variation, broken, or of another type).
 * @example
 * const banner = useVariation('banner', 'none')
 */
export function useVariation<T extends JsonValue>(flagKey: string, defaultValue: T): Widen<T> {
  return useVariationDetail(flagKey, defaultValue).value
}
