/**
 * The real Andon server as a child process (its sources under tsx) on a temporary data
 * folder, a free port and a known admin token, for the browser tests that need the real
 * thing: the SDK endpoints, their CORS, the client view and the stream.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, repoRoot } from './support.js'

export const ADMIN_TOKEN = 'adm_browser_tests_0123456789abcdef'

export interface AndonServer {
  /** On 127.0.0.1. */
  url: string
  port: number
  /** A JSON call to the admin API; throws unless the answer is 2xx. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
  /** SIGKILL, as in a crash; then the data folder is removed. */
  kill(): Promise<void>
}

export async function startAndonServer(): Promise<AndonServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-browser-data-'))
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ANDON_DATA_DIR: dataDir,
      ANDON_PORT: String(port),
      ANDON_ADMIN_TOKEN: ADMIN_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start:\n${output}`)),
      30_000,
    )
    child.stderr!.on('data', (chunk) => (output += String(chunk)))
    child.stdout!.on('data', (chunk) => {
      output += String(chunk)
      if (output.includes('andon listening')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code}:\n${output}`))
    })
  })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    async admin<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(url + path, {
        method,
        headers: {
          Authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
      return (text === '' ? undefined : JSON.parse(text)) as T
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGKILL')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Reads a stream's raw bytes as text in the background, until `stop()`.
 * @example const raw = readRaw(`${url}/sdk/v1/stream?key=${key}`); ...; raw.stop(); raw.text
 */
export function readRaw(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController()
  let text = ''
  const done = (async () => {
    try {
      const res = await fetch(url, { headers, signal: abort.signal })
      const reader = res.body!.getReader()
      const decoder = new TextDecoder()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
      }
    } catch {
      // aborted
    }
  })()
  return {
    get text() {
      return text
    },
    async until(needle: string, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs
      while (!text.includes(needle)) {
        if (Date.now() > end) throw new Error(`"${needle}" did not arrive; got:\n${text}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    async stop() {
      abort.abort()
      await done
      return text
    },
  }
}
