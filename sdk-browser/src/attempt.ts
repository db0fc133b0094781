/**
 * Runs what may throw where a throw must not escape: storage that is full or forbidden, text
 * that is not JSON, a context whose getters throw. Failure is `undefined`.
 */

/**
 * @example attempt(() => JSON.parse(text)) // undefined when it is not JSON
 */
export function attempt<T>(run: () => T): T | undefined {
  try {
    return run()
  } catch {
    return undefined
  }
}
