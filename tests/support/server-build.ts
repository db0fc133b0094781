/**
 * Brings server/dist (and core/dist, which it imports) up to date with `tsc -b server` once per
 * test process, so the tests run the build yet still test the sources right after an edit. When
 * nothing changed, tsc's own up-to-date check makes this a fraction of a second.
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { withFileLock } from './file-lock.js'
import { repoRoot } from './repo-root.js'

export const serverEntry = join(repoRoot, 'server/dist/server/src/main.js')

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
let built: Promise<void> | undefined

export function ensureServerBuilt(): Promise<void> {
  built ??= withFileLock('andon-server-build', async () => {
    try {
      await promisify(execFile)(process.execPath, [tsc, '-b', 'server'], { cwd: repoRoot })
    } catch (e) {
      const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string }
      throw new Error(`tsc -b server failed:\n${stdout}${stderr}`, { cause: e })
    }
  })
  return built
}
