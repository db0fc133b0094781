/**
 * The real server as a child process (its sources under tsx) on a data folder the test picks,
 * so a test can kill -9 it and start it again on the same file. Keys come from what the server
 * prints on its first start; later starts reuse them.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export interface Secrets {
  admin: string
  keys: Record<string, string>
}

export interface ServerProcess {
  url: string
  child: ChildProcess
  secrets: Secrets
  stop(signal?: NodeJS.Signals): Promise<void>
  /** A JSON request with the admin token. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>
  /** The value of one un-labelled gauge or counter of /metrics. */
  metric(name: string): Promise<number>
  /**
   * The metric once it equals `expected`, or its last value after 5 s: the server sees a
   * client's close a moment after the client made it.
   */
  metricSettled(name: string, expected: number): Promise<number>
}

export interface StartOptions {
  /** Run the built `server/dist` (benchmarks) instead of the sources under tsx (tests). */
  built?: boolean
  /** More settings for the server, such as ANDON_WEBHOOK_URL. */
  env?: Record<string, string>
}

export async function startServer(
  dataDir: string,
  known?: Secrets,
  options: StartOptions = {},
): Promise<ServerProcess> {
  const args = options.built
    ? ['server/dist/server/src/main.js']
    : ['--import', 'tsx', 'server/src/main.ts']
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      ANDON_DATA_DIR: dataDir,
      ANDON_PORT: '0',
      ANDON_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 30 s:\n${output}`)), 30_000)
    child.stderr?.on('data', (d) => (output += String(d)))
    child.stdout?.on('data', (d) => {
      output += String(d)
      const m = /listening on http:\/\/localhost:(\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code}:\n${output}`))
    })
  })
  const keys: Record<string, string> = {}
  for (const m of output.matchAll(/^\s*(\w+ \w+) key:\s+(\S+)$/gm))
    keys[m[1] as string] = m[2] as string
  const admin = /admin token:\s+(\S+)/.exec(output)?.[1]
  const secrets = known ?? { admin: admin as string, keys }
  const url = `http://127.0.0.1:${port}`
  const server: ServerProcess = {
    url,
    child,
    secrets,
    async stop(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill(signal)
      await exited
    },
    async call(method, path, body) {
      const res = await fetch(url + path, {
        method,
        headers: {
          Authorization: `Bearer ${secrets.admin}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, json: text === '' ? undefined : JSON.parse(text) }
    },
    async metric(name) {
      const text = await (await fetch(`${url}/metrics`)).text()
      const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
      if (m === null) throw new Error(`no metric ${name}`)
      return Number(m[1])
    },
    async metricSettled(name, expected) {
      let value = await server.metric(name)
      for (let i = 0; i < 100 && value !== expected; i++) {
        await new Promise((r) => setTimeout(r, 50))
        value = await server.metric(name)
      }
      return value
    },
  }
  return server
}
