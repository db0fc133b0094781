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
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

interface On {
  on(event: string, listener: (value: unknown) => void): unknown
  off(event: string, listener: (value: unknown) => void): unknown
}

/** The argument of the next `event` that `emitter` (a client or a provider) emits. */
export function nextEvent<T = unknown>(
  emitter: { on: unknown; off: unknown },
  event: string,
  timeoutMs = 5000,
): Promise<T> {
  const target = emitter as On
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.off(event, listener)
      reject(new Error(`no ${event} event within ${timeoutMs} ms`))
    }, timeoutMs)
    const listener = (value: unknown) => {
      clearTimeout(timer)
      target.off(event, listener)
      resolve(value as T)
    }
    target.on(event, listener)
  })
}
