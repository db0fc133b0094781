/** Payloads and waiting helpers shared by the SDK's tests. */
import type { Flag, Payload } from '@andon/core'

/** A boolean flag that serves `on` to everyone (or its off variation when disabled). */
export function boolFlag(key: string, version: number, on: boolean, enabled = true): Flag {
  return {
    key,
    version,
    enabled,
    variations: [false, true],
    offVariation: 0,
    fallthrough: { variation: on ? 1 : 0 },
  }
}

export function payloadOf(version: number, flags: Flag[]): Payload {
  return {
    schemaVersion: 1,
    environment: 'test',
    version,
    flags: Object.fromEntries(flags.map((f) => [f.key, f])),
    segments: {},
  }
}

/** Resolves when `condition` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

interface On {
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
}

/** The arguments of the next `event` that `target` emits. */
export function nextEvent<T = unknown>(target: On, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.off(event, listener)
      reject(new Error(`no ${event} event within ${timeoutMs} ms`))
    }, timeoutMs)
    const listener = (value: never) => {
      clearTimeout(timer)
      target.off(event, listener)
      resolve(value as T)
    }
    target.on(event, listener)
  })
}
