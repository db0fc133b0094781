/**
 * The files of a source tree as git sees them: every `.gitignore` on the way down applies to
 * its folder (with the `ignore` package, which implements git's rules), `.git` and
 * `node_modules` are never entered, and links are not followed (a link can loop).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import ignore, { type Ignore } from 'ignore'

const NEVER = new Set(['.git', 'node_modules'])

interface Rules {
  /** The folder the rules are relative to. */
  base: string
  rules: Ignore
}

function rulesOf(dir: string): Rules | undefined {
  let text: string
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8')
  } catch {
    return undefined
  }
  return { base: dir, rules: ignore().add(text) }
}

const posix = (path: string) => path.split(sep).join('/')

/** Paths relative to `root`, with `/`, in a stable order. */
export function* sourceFiles(root: string): Generator<string> {
  function ignored(path: string, isDir: boolean, chain: readonly Rules[]): boolean {
    return chain.some(({ base, rules }) => {
      const rel = posix(relative(base, path))
      return rules.ignores(isDir ? `${rel}/` : rel)
    })
  }
  function* visit(dir: string, chain: readonly Rules[]): Generator<string> {
    const own = rulesOf(dir)
    const rules = own === undefined ? chain : [...chain, own]
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (NEVER.has(entry.name) || ignored(path, true, rules)) continue
        yield* visit(path, rules)
      } else if (entry.isFile() && !ignored(path, false, rules)) {
        yield posix(relative(root, path))
      }
    }
  }
  yield* visit(root, [])
}
