/**
 * `andon refs scan <dir>`: where each flag key is used in a source tree, for people (grouped by
 * flag) and for pipelines (`--json`).
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { scanTree } from '../refs/scan.js'
import type { Context } from './flags.js'

export function refsCommands(program: Command, ctx: Context) {
  const refs = program.command('refs').description('find where flags are used in code')
  refs
    .command('scan [dir]')
    .description(
      'list every flag reference in the source files of a folder (default: .), as git sees them',
    )
    .action((dir: string | undefined) => {
      const result = scanTree(resolve(dir ?? '.'))
      if (ctx.json()) {
        ctx.io.out(`${JSON.stringify(result, null, 2)}\n`)
        return
      }
      const byFlag = new Map<string, string[]>()
      for (const r of result.refs) {
        const list = byFlag.get(r.flag) ?? []
        list.push(`  ${r.file}:${r.line}:${r.column}  ${r.text}`)
        byFlag.set(r.flag, list)
      }
      const flags = [...byFlag.keys()].sort()
      for (const flag of flags) ctx.io.out(`${flag}\n${(byFlag.get(flag) ?? []).join('\n')}\n`)
      ctx.io.out(
        `${result.refs.length} reference(s) to ${flags.length} flag(s) in ${result.files} source file(s)\n`,
      )
    })
}
