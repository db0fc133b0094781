/**
 * How deep a JSON value nests. Recursive code (zod's recursive schemas, `JSON.stringify`, the
 * evaluator's equality) overflows the stack on values a few thousand levels deep, which
 * `JSON.parse` accepts; so values are measured first, with a loop that any depth can not break.
 */

/** The deepest a JSON value (a variation, a default) may nest arrays and objects. */
export const MAX_JSON_DEPTH = 32

/**
 * Whether `value` nests arrays and objects more than `max` levels: a scalar is 0 deep, `[]` and
 * `{}` are 1, `[{}]` is 2. It stops at the first level too many, so a cycle ends it too.
 *
 * @example
 * nestedDeeperThan([[1]], 1) // true
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: object; depth: number }[] = []
  const push = (v: unknown, depth: number) => {
    if (v !== null && typeof v === 'object') stack.push({ value: v, depth })
  }
  push(value, 1)
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (top.depth > max) return true
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value)
    for (const child of children) push(child, top.depth + 1)
  }
  return false
}

/** The message of a value nested too deep, the same wherever it is checked. */
export const tooDeepMessage = (max: number) =>
  `nested too deep: at most ${max} levels of arrays and objects`
