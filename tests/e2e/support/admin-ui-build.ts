/**
 * Makes sure admin-ui/dist is there and newer than the UI's sources before a browser test, so
 * the test also runs right after an edit without a full `npm run build` (which `npm test` does).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { withFileLock } from '../../support/file-lock.js'
import { repoRoot } from '../../support/repo-root.js'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function isFresh(ui: string): boolean {
  const index = join(ui, 'dist', 'index.html')
  const sources = Math.max(
    newestMtime(join(ui, 'src')),
    newestMtime(join(repoRoot, 'core', 'src')),
    newestMtime(join(ui, 'public')),
    statSync(join(ui, 'index.html')).mtimeMs,
  )
  return existsSync(index) && statSync(index).mtimeMs >= sources
}

/** Builds admin-ui/dist when it is missing or older than its sources; one test file at a time. */
export async function ensureAdminUiBuilt(): Promise<void> {
  const ui = join(repoRoot, 'admin-ui')
  if (isFresh(ui)) return
  await withFileLock('andon-admin-ui-build', () => {
    if (!isFresh(ui)) {
      execFileSync(
        process.execPath,
        [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
        { cwd: ui, stdio: 'pipe' },
      )
    }
  })
}
