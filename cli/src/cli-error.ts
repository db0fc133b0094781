/**
 * An error the `andon` command reports as one line on stderr with its exit code, never as a
 * stack trace: what went wrong and what to do about it.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}
