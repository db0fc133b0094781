/**
 * What the real-browser tests share: the SDK built into a temporary folder (so a test never
 * races `npm run build` or another test file over sdk-browser/dist), Debian's Chromium through
 * playwright-core, and small node:http servers for pages and for a stand-in flag server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { repoRoot } from '../support/repo-root.js'

export { launchChromium, repoRoot }

/** The built SDK, Chromium, and a server of test pages, shared by the tests of one file. */
export interface BrowserRig {
  sdk: BuiltSdk
  browser: Browser
  pages: HttpServer
}

/**
 * Builds the SDK, launches Chromium and serves `files` before the tests of the calling file,
 * and closes them all after.
 */
export function useBrowserRig(files: Record<string, string>): BrowserRig {
  const rig = {} as BrowserRig
  beforeAll(async () => {
    ;[rig.sdk, rig.browser] = await Promise.all([buildSdk(), launchChromium()])
    rig.pages = await servePages(rig.sdk, files)
  })
  afterAll(async () => {
    await rig.browser?.close()
    await rig.pages?.close()
    rig.sdk?.remove()
  })
  return rig
}

export interface BuiltSdk {
  dir: string
  file(name: string): Buffer
  remove(): void
}

/** Builds sdk-browser with its own vite config into a fresh temporary folder. */
export async function buildSdk(): Promise<BuiltSdk> {
  const { build } = await import('vite')
  const dir = mkdtempSync(join(tmpdir(), 'andon-sdk-browser-'))
  await build({
    configFile: join(repoRoot, 'sdk-browser/vite.config.ts'),
    root: join(repoRoot, 'sdk-browser'),
    logLevel: 'silent',
    build: { outDir: dir, emptyOutDir: true },
  })
  return {
    dir,
    file: (name) => readFileSync(join(dir, name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export interface HttpServer {
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

/** Serves `handler` on `host` and a free port. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  host = '127.0.0.1',
): Promise<HttpServer> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  map: 'application/json',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
}

/**
 * Serves the built SDK under `/sdk/` and the given pages, each at its own path.
 * @example await servePages(sdk, { '/page.html': html })
 */
export function servePages(sdk: BuiltSdk, pages: Record<string, string | Buffer>) {
  return listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    let body: string | Buffer | undefined = pages[path]
    if (body === undefined && path.startsWith('/sdk/') && !path.includes('..')) {
      try {
        body = sdk.file(path.slice('/sdk/'.length))
      } catch {
        body = undefined
      }
    }
    if (body === undefined) {
      res.writeHead(404).end()
      return
    }
    const ext = path.slice(path.lastIndexOf('.') + 1)
    res.writeHead(200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream' })
    res.end(body)
  })
}

/**
 * A page that shows one flag with the built SDK. Its query says where the server is:
 * `server`, `key`, `flag`, and optionally `poll` (ms), `failures` (before polling) and
 * `streaming=0` (poll only).
 * It shows the flag in #flag, the status' source in #source, and keeps the client at
 * `window.flags`.
 */
export const FLAG_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>flag</title>
<p>flag: <span id="flag">unset</span> source: <span id="source">unset</span></p>
<script type="module">
  import { createBrowserClient } from '/sdk/index.js'
  const q = new URLSearchParams(location.search)
  const flags = createBrowserClient({
    baseUrl: q.get('server'),
    clientKey: q.get('key'),
    context: { key: 'user-1' },
    pollIntervalMs: Number(q.get('poll') ?? 30000),
    streamFailuresBeforePolling: Number(q.get('failures') ?? 3),
    streaming: q.get('streaming') !== '0',
  })
  const render = () => {
    document.getElementById('flag').textContent = String(flags.isEnabled(q.get('flag')))
    document.getElementById('source').textContent = flags.status().source
  }
  render()
  flags.on('change', render)
  flags.on('status', render)
  window.flags = flags
</script>
`

/**
 * The SDK with the context `{ key, plan }` of the query, kept at `window.flags`. It flushes
 * only when told (the interval is ten minutes), and reports nothing with `events=0`.
 */
export const EVENTS_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>events</title>
<script type="module">
  import { createBrowserClient } from '/sdk/index.js'
  const q = new URLSearchParams(location.search)
  window.flags = createBrowserClient({
    baseUrl: q.get('server'),
    clientKey: q.get('key'),
    context: { key: 'user-1', plan: q.get('plan') ?? 'free' },
    flushIntervalMs: 600000,
    sendEvents: q.get('events') !== '0',
  })
</script>
`
