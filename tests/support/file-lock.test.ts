import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot } from './repo-root.js'
import { withFileLock } from './file-lock.js'

const LOCKS = join(repoRoot, 'node_modules', '.cache', 'andon-test-locks')
const name = `file-lock-test-${process.pid}`
const lock = join(LOCKS, `${name}.lock`)

/** A lock left by a process that has exited, as a worker killed mid-build leaves it. */
function leaveLockOf(pid: number) {
  mkdirSync(lock, { recursive: true })
  writeFileSync(join(lock, 'pid'), String(pid))
}

afterEach(() => rmSync(lock, { recursive: true, force: true }))

describe('withFileLock', () => {
  it('takes over a lock whose holder has exited, runs the task and lets go', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid
    leaveLockOf(gone)
    const result = await withFileLock(name, () => existsSync(join(lock, 'pid')))
    expect(result).toBe(true)
    expect(existsSync(lock)).toBe(false)
  })

  it('waits while a living process holds the lock, then runs', async () => {
    leaveLockOf(process.pid)
    const order: string[] = []
    const waiting = withFileLock(name, () => order.push('task'))
    await new Promise((r) => setTimeout(r, 500))
    order.push('released')
    rmSync(lock, { recursive: true, force: true })
    await waiting
    expect(order).toEqual(['released', 'task'])
  })
})
