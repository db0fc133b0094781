/**
 * A clone with nothing beside it must pass its own tests: no tracked file may name a path that
 * leaves the repository (a folder beside the clone, say), whether a
 * test reads it or a document links it.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/repo-root.js'

const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|html|css|sh|yml|yaml)$|(^|\/)run$/

function trackedTextFiles(): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  )
  return listed.split('\0').filter((file) => TEXT.test(file) && file !== 'package-lock.json')
}

/** Relative paths written in a file (`../x`, `./../x`) that resolve outside the repository. */
export function pathsLeavingRepo(file: string, text: string, root: string): string[] {
  const leaving: string[] = []
  for (const match of text.matchAll(/(?:\.\/)?(?:\.\.\/)+[\w.-][\w./-]*/g)) {
    const target = resolve(dirname(join(root, file)), match[0])
    if (relative(root, target).startsWith('..')) leaving.push(match[0])
  }
  return leaving
}

describe('the repository is self-contained', () => {
  it('finds a path that leaves the repository, and none that stays inside', () => {
    const outside = '../'.repeat(3) + 'elsewhere/spec/x.json'
    expect(pathsLeavingRepo('core/src/a.test.ts', `new URL('${outside}')`, '/r')).toEqual([outside])
    expect(
      pathsLeavingRepo('core/src/a.test.ts', "new URL('../../spec/vectors/x.json')", '/r'),
    ).toEqual([])
  })

  it('has no tracked file that names a path outside the repository', () => {
    const files = trackedTextFiles()
    expect(files.length).toBeGreaterThan(100)
    const offenders = files.flatMap((file) =>
      pathsLeavingRepo(file, readFileSync(join(repoRoot, file), 'utf8'), repoRoot).map(
        (path) => `${file}: ${path}`,
      ),
    )
    expect(offenders).toEqual([])
  })

  it('keeps the spec and its vectors in the repository', () => {
    for (const name of [
      'flag-model.md',
      'vectors/evaluation.json',
      'vectors/murmur3.json',
      'vectors/buckets.json',
    ]) {
      expect(readFileSync(join(repoRoot, 'spec', name), 'utf8').length).toBeGreaterThan(100)
    }
  })
})
