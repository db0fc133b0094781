/**
 * The cache file: the last payload from the server, read at start so that a process that
 * starts while the server is down serves the last known values at once. Writes go to a
 * temporary file in the same folder, are synced, then renamed over the cache, so a crash
 * never leaves a half-written cache; writes that pile up are coalesced into the newest one.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { asPayload, parseJson, type Payload } from '@andon/core'

export type CacheRead =
  | { kind: 'payload'; payload: Payload }
  | { kind: 'missing' }
  | { kind: 'error'; message: string; cause?: unknown }

/**
 * Reads the cache synchronously: start-up must not wait for the event loop.
 * @example
 * const read = readCacheFile('/var/cache/andon/flags.json')
 * if (read.kind === 'payload') store.put(read.payload)
 */
export function readCacheFile(path: string): CacheRead {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException)?.code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'error', message: `cannot read the cache file: ${String(cause)}`, cause }
  }
  const payload = asPayload(parseJson(text))
  if (payload) return { kind: 'payload', payload }
  return { kind: 'error', message: 'the cache file does not hold a payload; ignored' }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`
  try {
    const file = await open(temporary, 'w')
    try {
      await file.writeFile(text)
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
}

export interface CacheWriter {
  /** Writes what `snapshot` returns, soon; calls made during a write are coalesced. */
  write(snapshot: () => Payload): void
  /** Resolves when no write is pending. */
  flush(): Promise<void>
}

/**
 * @example
 * const writer = createCacheWriter(cacheFile, (e) => report(e))
 * writer.write(() => store.toPayload())
 * await writer.flush()
 */
export function createCacheWriter(path: string, onError: (error: unknown) => void): CacheWriter {
  let next: (() => Payload) | undefined
  let running: Promise<void> | undefined

  async function drain() {
    while (next !== undefined) {
      const snapshot = next
      next = undefined
      try {
        await writeAtomically(path, JSON.stringify(snapshot()))
      } catch (error) {
        onError(error)
      }
    }
    running = undefined
  }

  return {
    write(snapshot) {
      next = snapshot
      running ??= drain()
    },
    flush: () => running ?? Promise.resolve(),
  }
}
