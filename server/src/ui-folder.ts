/**
 * Finds admin-ui/dist upwards from the server's own file, so `npm start` serves the UI from
 * any working directory, from sources (tests) and from the build alike.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

export function uiFolder(from: string): string | null {
  let dir = dirname(from)
  for (;;) {
    if (existsSync(join(dir, 'admin-ui', 'package.json'))) return join(dir, 'admin-ui', 'dist')
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}
