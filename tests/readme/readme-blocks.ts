/**
 * The fenced code blocks of the README, by section, so that the tests run what a newcomer reads
 * and break when the README changes.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../support/repo-root.js'

export interface CodeBlock {
  lang: string
  code: string
}

export function readme(): string {
  return readFileSync(join(repoRoot, 'README.md'), 'utf8')
}

/** The fenced blocks of the `## <heading>` section, in order. */
export function sectionBlocks(heading: string): CodeBlock[] {
  const text = readme()
  const start = text.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`README.md has no section "${heading}"`)
  const next = text.indexOf('\n## ', start + 1)
  const section = text.slice(start, next < 0 ? undefined : next)
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!,
  }))
}

/** A file of the repository, as the README must show it verbatim. */
export function repoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8')
}
