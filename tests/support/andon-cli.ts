/** The built `andon` command in its own process, as a pipeline runs it. */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from './repo-root.js'

const bin = join(repoRoot, 'cli', 'bin', 'andon.js')

export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** Runs `andon ...args` with only PATH and `env` set; never throws on a failing exit code. */
export async function runAndon(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
