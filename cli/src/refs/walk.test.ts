import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sourceFiles } from './walk.js'

const roots: string[] = []
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true })
})

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'andon-refs-'))
  roots.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('the files of a tree as git sees them', () => {
  it('applies every .gitignore to its own folder, negations included', () => {
    const root = tree({
      '.gitignore': 'dist/\n*.log\n',
      'src/a.ts': '',
      'src/gen/.gitignore': '*\n!keep.ts\n',
      'src/gen/drop.ts': '',
      'src/gen/keep.ts': '',
      'dist/b.js': '',
      'debug.log': '',
      'other/dist.ts': '',
    })
    expect([...sourceFiles(root)].sort()).toEqual([
      '.gitignore',
      'other/dist.ts',
      'src/a.ts',
      'src/gen/keep.ts',
    ])
  })

  it('never enters node_modules or .git', () => {
    const root = tree({
      'node_modules/x/index.js': '',
      '.git/HEAD': '',
      'index.js': '',
    })
    expect([...sourceFiles(root)]).toEqual(['index.js'])
  })
})
