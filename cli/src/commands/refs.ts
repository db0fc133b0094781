/**
 * `andon refs scan <dir>`: where each flag key is used in a source tree, for people (grouped by
 * flag) and for pipelines (`--json`); with `--upload`, sent to the server as the references of
 * the repository at its commit, so the flag page shows them and the stale report knows which
 * flags no code uses any more.
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { scanTree, type ScanResult } from '../refs/scan.js'
import { gitInfo } from '../refs/git-info.js'
import { CliError } from '../cli-error.js'
import type { Context } from './flags.js'

export function refsCommands(program: Command, ctx: Context) {
  const refs = program.command('refs').description('find where flags are used in code')
  refs
    .command('scan [dir]')
    .description(
      'list every flag reference in the source files of a folder (default: .), as git sees them',
    )
    .option(
      '--upload',
      "send the references to the server (replacing the repository's last upload)",
    )
    .option('--repository <name>', "the repository they are of (default: git's origin remote)")
    .option('--commit <sha>', "the commit they are of (default: git's HEAD)")
    .action(async (dir: string | undefined, options: UploadOptions) => {
      const root = resolve(dir ?? '.')
      const result = scanTree(root)
      if (options.upload) return upload(ctx, root, result, options)
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

interface UploadOptions {
  upload?: boolean
  repository?: string
  commit?: string
}

interface UploadAnswer {
  repository: string
  commit: string
  refs: number
  flags: number
  unknownFlags: string[]
}

async function upload(ctx: Context, root: string, result: ScanResult, options: UploadOptions) {
  const git = gitInfo(root)
  const repository = options.repository ?? git.repository
  const commit = options.commit ?? git.commit
  if (repository === undefined || commit === undefined) {
    throw new CliError('not a git checkout: give --repository and --commit to upload')
  }
  const refs = result.refs.map(({ flag, file, line, column, text }) => ({
    flag,
    file,
    line,
    column,
    text,
  }))
  const answer = (
    await ctx
      .api()
      .post<UploadAnswer>('/code-refs', 'uploading code references', { repository, commit, refs })
  ).body
  if (ctx.json()) return ctx.io.out(`${JSON.stringify(answer, null, 2)}\n`)
  ctx.io.out(
    `Uploaded ${answer.refs} reference(s) to ${answer.flags} flag(s) for ${answer.repository} at ${answer.commit}\n` +
      (answer.unknownFlags.length === 0
        ? ''
        : `No such flag on the server: ${answer.unknownFlags.join(', ')}\n`),
  )
}
