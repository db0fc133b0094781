/**
 * Runs the real Andon server as a child process (from its sources, through tsx) on a data
 * folder and port that the test chooses, so a test can kill it and start it again on the same
 * data. The SDK keys come from what the server prints on its first start.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
export const ADMIN_TOKEN = 'adm_sdk_node_tests_0123456789'

export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise((resolve) => s.close(resolve))
  return port
}

export interface RealServer {
  readonly url: string
  readonly process: ChildProcess
  /** What the server printed on its first start (empty on later starts). */
  readonly keys: Record<string, string>
  /** Stops the process: SIGKILL by default, as in a crash. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** A JSON request to the admin API; throws on a status other than 2xx. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
}

export async function startServer(dataDir: string, port: number): Promise<RealServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ANDON_DATA_DIR: dataDir,
      ANDON_PORT: String(port),
      ANDON_HOST: '127.0.0.1',
      ANDON_ADMIN_TOKEN: ADMIN_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keys: Record<string, string> = {}
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000)
    child.stderr!.on('data', (chunk) => (output += String(chunk)))
    child.stdout!.on('data', (chunk) => {
      output += String(chunk)
      for (const m of output.matchAll(/^\s*(\w+ \w+) key:\s+(\S+)$/gm)) keys[m[1]!] = m[2]!
      if (output.includes('andon listening')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    process: child,
    keys,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill(signal)
      await exited
    },
    async admin(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
      return (text ? JSON.parse(text) : undefined) as never
    },
  }
}
