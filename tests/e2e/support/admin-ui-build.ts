/**
 * Makes sure admin-ui/dist is there and newer than the UI's sources before a browser test, so
 * the test also runs right after an edit without a full `npm run build` (which `npm test` does).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from './andon-server.js'

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
  // Test files run in parallel: a directory is an atomic lock, so only one of them builds.
  const lock = join(tmpdir(), 'andon-admin-ui-build.lock')
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
    if (!isFresh(ui)) {
      execFileSync(
        process.execPath,
        [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
        { cwd: ui, stdio: 'pipe' },
      )
    }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
