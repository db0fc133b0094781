/** What a command reads and writes: the process's own, or a test's. */
export interface Io {
  env: Record<string, string | undefined>
  out: (text: string) => void
  err: (text: string) => void
  fetch?: typeof fetch
  /** How `release wait` waits between looks; a test's may be instant. */
  sleep?: (ms: number) => Promise<void>
}

export const processIo: Io = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}
