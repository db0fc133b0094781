/**
 * The real Andon server as a child process, for the tests that need the real thing: the build
 * in server/dist (as `npm start` runs it, brought up to date first) on a free port and a fresh
 * data folder. A test that kills it and starts it again names the folder and port to reuse.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAdminRequests, type AdminRequests } from './admin-requests.js'
import { repoRoot } from './repo-root.js'
import { ensureServerBuilt, serverEntry } from './server-build.js'

export interface Secrets {
  admin: string
  /** SDK keys by environment and kind, such as `production server`. */
  keys: Record<string, string>
}

export interface StartOptions {
  /** A folder kept across starts; by default a fresh temporary one that `stop()` removes. */
  dataDir?: string
  /** By default a free one; a restart passes the port of the process it replaces. */
  port?: number
  /** Set as ANDON_ADMIN_TOKEN; otherwise the token that the first start prints. */
  adminToken?: string
  /** What the first start on `dataDir` printed: later starts print no secrets. */
  secrets?: Secrets
  /** Listen on every interface (Node's default), so that a browser reaches it as localhost. */
  everyInterface?: boolean
  /** More settings for the server, such as ANDON_WEBHOOK_URL. */
  env?: Record<string, string>
}

export interface AndonServer extends AdminRequests {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  child: ChildProcess
  secrets: Secrets
  /** What the process printed so far, stdout and stderr (for a failing test's message). */
  output(): string
  /** Ends the process, with SIGKILL (a crash) by default, and removes a data folder it made. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

export async function startAndonServer(options: StartOptions = {}): Promise<AndonServer> {
  await ensureServerBuilt()
  const ownDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'andon-test-data-'))
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...options.env,
      ANDON_DATA_DIR: dataDir,
      ANDON_PORT: String(options.port ?? 0),
      ...(options.everyInterface ? {} : { ANDON_HOST: '127.0.0.1' }),
      ...(options.adminToken === undefined ? {} : { ANDON_ADMIN_TOKEN: options.adminToken }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const removeOwnDataDir = () => ownDataDir && rmSync(dataDir, { recursive: true, force: true })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += String(chunk)))
  child.stderr!.on('data', (chunk) => (output += String(chunk)))
  let port: number
  let secrets: Secrets
  try {
    port = await listeningPort(child, () => output)
    secrets = options.secrets ?? printedSecrets(output, options.adminToken)
  } catch (e) {
    child.kill('SIGKILL')
    removeOwnDataDir()
    throw e
  }
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    child,
    secrets,
    output: () => output,
    ...createAdminRequests(url, secrets.admin),
    async stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill(signal)
        await exited
      }
      removeOwnDataDir()
    },
  }
}

/** The port from the line the server prints once it listens. */
function listeningPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 30 s:\n${output()}`)), 30_000)
    child.stdout!.on('data', () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(output())
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code ?? signal}:\n${output()}`))
    })
  })
}

/** The admin token and SDK keys that a first start prints once. */
function printedSecrets(output: string, adminToken: string | undefined): Secrets {
  const keys: Record<string, string> = {}
  for (const m of output.matchAll(/^\s*(\w+ \w+) key:\s+(\S+)$/gm)) keys[m[1]!] = m[2]!
  const admin = adminToken ?? /admin token:\s+(\S+)/.exec(output)?.[1]
  if (admin === undefined) {
    throw new Error('no admin token: pass adminToken, or the secrets of the first start')
  }
  return { admin, keys }
}
