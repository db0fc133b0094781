/**
 * Sharing of equal immutable pieces across compiled flags: thousands of boolean flags serve
 * the same few results with the same few reasons, so each is built once. The tables are
 * bounded: when one grows past its limit it starts afresh (what was shared stays valid).
 */

const LIMIT = 20_000

/** A bounded table of shared values by key. */
export function createInternTable<T>(limit = LIMIT): (key: string, make: () => T) => T {
  let table = new Map<string, T>()
  return (key, make) => {
    let value = table.get(key)
    if (value === undefined) {
      if (table.size >= limit) table = new Map()
      value = make()
      table.set(key, value)
    }
    return value
  }
}
