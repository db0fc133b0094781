/**
 * Brings every build up to date as `npm start` would (`scripts/build.mjs --changed`), once per
 * test process and under the lock the server tests take, so that no two builds write the same
 * outputs at once and the commands the tests then run find nothing to build.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { withFileLock } from '../support/file-lock.js'
import { repoRoot } from '../support/repo-root.js'

let built: Promise<unknown> | undefined

export function ensureWorkspaceBuilt(): Promise<unknown> {
  built ??= withFileLock('andon-server-build', () =>
    promisify(execFile)(process.execPath, ['scripts/build.mjs', '--changed'], { cwd: repoRoot }),
  )
  return built
}
