/**
 * A lock across the test files that vitest runs in parallel processes: creating a directory is
 * atomic, so only one of them at a time runs `task` (a build, say).
 *
 * The lock lives in this checkout (the builds it guards are this checkout's), so two clones
 * tested on one machine never wait for each other. It names the process that holds it: a
 * holder that died without letting go (a worker vitest ended mid-build) leaves a lock the next
 * waiter takes over instead of waiting for ever.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './repo-root.js'

const LOCKS = join(repoRoot, 'node_modules', '.cache', 'andon-test-locks')
const WAIT_MS = 300_000

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The holder's pid, or undefined while the holder has made the folder but not yet named itself. */
function holder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function tryTake(lock: string): boolean {
  try {
    mkdirSync(lock)
  } catch {
    const pid = holder(lock)
    if (pid !== undefined && !isAlive(pid)) rmSync(lock, { recursive: true, force: true })
    return false
  }
  writeFileSync(join(lock, 'pid'), String(process.pid))
  return true
}

export async function withFileLock<T>(name: string, task: () => Promise<T> | T): Promise<T> {
  mkdirSync(LOCKS, { recursive: true })
  const lock = join(LOCKS, `${name}.lock`)
  const deadline = Date.now() + WAIT_MS
  while (!tryTake(lock)) {
    if (Date.now() > deadline) {
      throw new Error(`${lock} is held for too long by process ${holder(lock) ?? '?'}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  try {
    return await task()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
