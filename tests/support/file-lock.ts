/**
 * A lock across the test files that vitest runs in parallel processes: creating a directory is
 * atomic, so only one of them at a time runs `task` (a build, say).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function withFileLock<T>(name: string, task: () => Promise<T> | T): Promise<T> {
  const lock = join(tmpdir(), `${name}.lock`)
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held for too long: remove it`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  try {
    return await task()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
