/**
 * `andon refs scan <dir>`: every flag reference in the source files of a tree, as git sees it.
 * Only text files of the languages the SDKs and OpenFeature serve are read, each up to 2 MiB.
 */
import { readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { findRefs, type CodeRef } from './find-refs.js'
import { sourceFiles } from './walk.js'

const SOURCE_EXTENSIONS = new Set(
  '.ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .py .go .java .kt .kts .scala .rb .php .cs .fs .swift .rs .dart .ex .exs'.split(
    ' ',
  ),
)

const MAX_FILE_BYTES = 2 * 1024 * 1024

export interface ScanResult {
  files: number
  refs: CodeRef[]
}

export function scanTree(root: string): ScanResult {
  let files = 0
  const refs: CodeRef[] = []
  for (const file of sourceFiles(root)) {
    if (!SOURCE_EXTENSIONS.has(extname(file))) continue
    const path = join(root, file)
    if (statSync(path).size > MAX_FILE_BYTES) continue
    files++
    refs.push(...findRefs(file, readFileSync(path, 'utf8')))
  }
  return { files, refs }
}
