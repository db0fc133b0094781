/**
 * Named variations (spec: "Variation names"). An element of a flag's `variations` is either a
 * bare value, unnamed, or `{ "name": N, "value": V }`: an object whose keys are exactly `name`
 * and `value`, `name` a string. The evaluator serves `V` and reports `N`; OpenFeature and OFREP
 * report `N` as the variant (the index as a string where a variation has no name).
 */
import { isObject } from './compile-flag.js'
import type { JsonValue, NamedVariation } from './model.js'

/** What a name may be: 1 to 64 of `A-Z a-z 0-9 _ . -`, not digits alone (an index's variant). */
export const VARIATION_NAME_PATTERN = /^(?!\d+$)[A-Za-z0-9_.-]{1,64}$/

/**
 * Whether the element is a named variation rather than a bare value. Kept this small
 * because the browser bundle carries it.
 * @example isNamedVariation({ name: 'control', value: 'blue' }) // true
 * @example isNamedVariation({ name: 'a', value: 1, extra: true }) // false: a bare object value
 */
export function isNamedVariation(element: unknown): element is NamedVariation {
  return (
    isObject(element) &&
    typeof element.name === 'string' &&
    'value' in element &&
    Object.keys(element).length === 2
  )
}

/**
 * The value a variation serves: the named one's `value`, or the bare element itself.
 * @example variationValue({ name: 'on', value: true }) // true
 */
export function variationValue(element: JsonValue): JsonValue {
  return isNamedVariation(element) ? element.value : element
}

/**
 * The name of a variation, or undefined for a bare value.
 * @example variationName({ name: 'on', value: true }) // 'on'
 */
export function variationName(element: JsonValue): string | undefined {
  return isNamedVariation(element) ? element.name : undefined
}
