/**
 * Commands as a person types them: a shell command in the repository, its output collected,
 * and a long-running one (a server) in its own process group, so that stopping it stops npm
 * and everything npm started.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export interface Background {
  child: ChildProcess
  output: () => string
  stderr: () => string
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export function inBackground(command: string, cwd: string, env: NodeJS.ProcessEnv): Background {
  const child = spawn('bash', ['-c', command], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk) => (out += String(chunk)))
  child.stderr!.on('data', (chunk) => {
    out += String(chunk)
    err += String(chunk)
  })
  return {
    child,
    output: () => out,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(-child.pid!, 'SIGTERM')
      await exited
    },
  }
}

/** Resolves once `url` answers 200, or rejects when the process ends or `timeoutMs` passes. */
export async function answering(url: string, proc: Background, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) {
      throw new Error(`exited with ${proc.child.exitCode}:\n${proc.output()}`)
    }
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms:\n${proc.output()}`)
}
