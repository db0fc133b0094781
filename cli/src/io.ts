/** What a command reads and writes: the process's own, or a test's. */
export interface Io {
  env: Record<string, string | undefined>
  out: (text: string) => void
  err: (text: string) => void
  /**
   * Bytes for stdout as they stream in (an export), unchanged; resolves once they are taken,
   * so a slow reader slows the download instead of filling memory. Without it: `out`.
   */
  write?: (chunk: Uint8Array) => Promise<void>
  fetch?: typeof fetch
  /** How `release wait` waits between looks; a test's may be instant. */
  sleep?: (ms: number) => Promise<void>
  /** The time, for durations counted from now (`--expires 90d`, `--since 2h`). */
  now?: () => number
}

/** Whether stdout's `error` event has its listener (installed with the first streamed write). */
let watchingStdout = false

export const processIo: Io = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  write: (chunk) => {
    if (!watchingStdout) {
      // A reader that leaves (`| head`) is EPIPE, which the write's callback reports; the
      // event would otherwise crash the process after it.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e
      })
      watchingStdout = true
    }
    return new Promise((resolve, reject) =>
      process.stdout.write(chunk, (e) => (e ? reject(e) : resolve())),
    )
  },
}
