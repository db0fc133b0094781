/**
 * Makes sure admin-ui/dist is there and newer than the UI's sources before a browser test, so
 * the test also runs right after an edit without a full `npm run build` (which `npm test` does).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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

export function ensureAdminUiBuilt(): void {
  const ui = join(repoRoot, 'admin-ui')
  const index = join(ui, 'dist', 'index.html')
  const sources = Math.max(
    newestMtime(join(ui, 'src')),
    newestMtime(join(repoRoot, 'core', 'src')),
    newestMtime(join(ui, 'public')),
    statSync(join(ui, 'index.html')).mtimeMs,
  )
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
    {
      cwd: ui,
      stdio: 'pipe',
    },
  )
}
