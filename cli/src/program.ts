/**
 * The `andon` command: its settings (ANDON_URL, ANDON_TOKEN, or --url and --token), its
 * commands, and how it ends: 0 when done, the CliError's code with one line on stderr when not.
 */
import { Command, CommanderError } from 'commander'
import { createApi } from './api-client.js'
import { CliError } from './cli-error.js'
import { flagCommands } from './commands/flags.js'
import { refsCommands } from './commands/refs.js'
import { releaseCommands } from './commands/release.js'
import { staleCommand } from './commands/stale.js'
import { experimentCommands } from './commands/experiments.js'
import { tokenCommands } from './commands/tokens.js'
import { auditCommands } from './commands/audit.js'
import { memberCommands } from './commands/members.js'
import { changeCommands } from './commands/changes.js'
import type { Io } from './io.js'

export const DEFAULT_URL = 'http://localhost:4242'

export function createProgram(io: Io): Command {
  const program = new Command('andon')
    .description('Andon feature flags from a terminal or a pipeline')
    .option('--url <url>', `the server (default: ANDON_URL or ${DEFAULT_URL})`)
    .option('--token <token>', 'a token of the admin API (default: ANDON_TOKEN)')
    .option('--json', 'print JSON instead of text')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError()
  const settings = () => program.opts<{ url?: string; token?: string; json?: boolean }>()
  const api = () => {
    const token = settings().token ?? io.env.ANDON_TOKEN
    if (token === undefined || token === '') {
      throw new CliError('no token: set ANDON_TOKEN (or --token) to a token of the admin API')
    }
    const url = settings().url ?? io.env.ANDON_URL ?? DEFAULT_URL
    return createApi({ url, token, fetch: io.fetch })
  }
  const context = { io, api, json: () => settings().json === true }
  flagCommands(program, context)
  staleCommand(program, context)
  refsCommands(program, context)
  experimentCommands(program, context)
  tokenCommands(program, context)
  auditCommands(program, context)
  memberCommands(program, context)
  changeCommands(program, context)
  releaseCommands(program, context, io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))
  return program
}

/** Runs one command line (without `node` and the script) and gives its exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = createProgram(io)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode
    if (e instanceof CliError) {
      io.err(`andon: ${e.message}\n`)
      return e.exitCode
    }
    throw e
  }
}
