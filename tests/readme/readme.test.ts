/**
 * The README's quick start and first flag, run as written and in the order written: `npm start`
 * (on a free port and a fresh data folder), the curl commands, the SDK example before and after
 * the kill; then a second start, which must build nothing and answer at once.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import murmurhash from 'murmurhash'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/repo-root.js'
import { answering, freePort, inBackground, type Background } from './processes.js'
import { readme, repoFile, sectionBlocks } from './readme-blocks.js'
import { ensureWorkspaceBuilt } from './workspace-build.js'

const quickStart = sectionBlocks('Quick start')
const firstFlag = sectionBlocks('Your first flag in a minute')

const lines = (code: string) => code.trim().split('\n')

describe('the README', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-readme-'))
  const started: Background[] = []
  afterAll(async () => {
    for (const server of started) await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('shows the SDK example file verbatim', () => {
    const shown = firstFlag.filter((b) => b.lang === 'js').map((b) => b.code)
    expect(shown).toEqual([repoFile('examples/first-flag.mjs')])
  })

  it('starts the server, releases and kills a flag, and the example prints each decision', async () => {
    const commands = quickStart.filter((b) => b.lang === 'sh').flatMap((b) => lines(b.code))
    // `npm ci` made the checkout these tests run in; the start comes right after it.
    expect(commands).toHaveLength(2)
    expect(commands[0]).toBe('npm ci')
    const startCommand = commands[1]!
    expect(startCommand).toMatch(/^ANDON_ADMIN_TOKEN=\S+ npm start$/)

    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const { ANDON_ADMIN_TOKEN: _unset, ...env } = process.env
    const serverEnv = { ...env, ANDON_PORT: String(port), ANDON_DATA_DIR: dataDir }
    const start = () => {
      const server = inBackground(startCommand, repoRoot, serverEnv)
      started.push(server)
      return server
    }

    // `npm start` builds what changed first: done here, under the lock that the other tests
    // take, so that no two builds write the same outputs at once.
    await ensureWorkspaceBuilt()
    const first = start()
    await answering(`${url}/healthz`, first, 60_000)
    expect(first.output()).toContain('admin token:                (ANDON_ADMIN_TOKEN)')
    const serverKey = /production server key:\s+(srv_\S+)/.exec(first.output())?.[1]
    expect(serverKey).toBeDefined()

    const shellBlocks = firstFlag.filter((b) => b.lang === 'sh').map((b) => b.code)
    expect(shellBlocks).toHaveLength(3)
    const script = shellBlocks
      .map((code, i) => `echo '@@${i}'\n${code}`)
      .join('\n')
      .replaceAll('localhost:4242', `127.0.0.1:${port}`)
      .replaceAll('srv_…', serverKey!)
    const { stdout } = await promisify(execFile)('bash', ['-e', '-c', script], {
      cwd: repoRoot,
      env: { ...env, ANDON_URL: url },
    })
    // curl's answers end without a newline, so a marker may follow one on the same line.
    const [, created, released, killed] = stdout.split(/@@\d+\n/)
    expect(created).toContain('"key":"new-checkout"')
    expect(created).not.toContain('"error"')
    // The spec's bucketing, with an independent MurmurHash3: salt (the flag key) ':' user key.
    const bucket = Math.floor((murmurhash.v3('new-checkout:user-123', 0) * 100000) / 2 ** 32)
    const served = bucket < 25000
    expect(released).toBe(`ready: true; new-checkout for user-123: ${served} (FALLTHROUGH)\n`)
    expect(readme()).toContain(`for user-123: ${served} (FALLTHROUGH)\``)
    expect(readme()).toContain(`bucket ${bucket.toLocaleString('en-US')} of 100,000`)
    expect(killed).not.toContain('"error"')
    expect(killed).toMatch(/ready: true; new-checkout for user-123: false \(OFF\)\n$/)

    const token = /^T=(\S+);/.exec(shellBlocks[0]!)![1]
    const res = await fetch(`${url}/api/v1/flags/new-checkout/environments/production`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    const flag = await res.json()
    expect(flag.enabled).toBe(false)
    expect(flag.fallthrough.rollout.variations).toEqual([
      { variation: 1, weight: 25000 },
      { variation: 0, weight: 75000 },
    ])

    // The same command again, with nothing changed: no build, no warning, an answer at once.
    await first.stop()
    const began = Date.now()
    const second = start()
    await answering(`${url}/healthz`, second, 30_000)
    const warmStartMs = Date.now() - began
    console.log(`warm npm start to /healthz: ${warmStartMs} ms`)
    expect(second.stderr()).not.toContain('andon: building')
    expect(second.stderr()).not.toContain('ANDON_ADMIN_TOKEN is ignored')
    // 3 s on an idle machine (about 0.7 s measured); parallel test files share the cores.
    expect(warmStartMs).toBeLessThan(6000)
  }, 240_000)
})
