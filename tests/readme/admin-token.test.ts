/**
 * ANDON_ADMIN_TOKEN on a database that has its admin token already: the server says at start
 * that it ignores it and what to do, and `npm run admin-token` (run while the server serves)
 * makes it, or a new generated token, the only admin token.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/repo-root.js'
import { serverEntry } from '../support/server-build.js'
import { answering, freePort, inBackground, type Background } from './processes.js'
import { ensureWorkspaceBuilt } from './workspace-build.js'

const FIRST = 'first-admin-token-0123456789'
const OTHER = 'other-admin-token-0123456789'

describe('an admin token for a database that has one', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'andon-admin-token-'))
  const started: Background[] = []
  afterAll(async () => {
    for (const server of started) await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function startServer(port: number, adminToken: string) {
    const { ANDON_ADMIN_TOKEN: _unset, ...env } = process.env
    const server = inBackground(`exec node ${serverEntry}`, repoRoot, {
      ...env,
      ANDON_PORT: String(port),
      ANDON_HOST: '127.0.0.1',
      ANDON_DATA_DIR: dataDir,
      ANDON_ADMIN_TOKEN: adminToken,
    })
    started.push(server)
    await answering(`http://127.0.0.1:${port}/healthz`, server, 30_000)
    return server
  }

  const statusWith = async (port: number, token: string) =>
    (
      await fetch(`http://127.0.0.1:${port}/api/v1/flags`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).status

  async function adminTokenCommand(adminToken?: string): Promise<string> {
    const { ANDON_ADMIN_TOKEN: _unset, ...env } = process.env
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'admin-token'], {
      cwd: repoRoot,
      env: {
        ...env,
        ANDON_DATA_DIR: dataDir,
        ...(adminToken ? { ANDON_ADMIN_TOKEN: adminToken } : {}),
      },
    })
    return stdout
  }

  it('says so at start, and the command makes it the admin token while the server runs', async () => {
    // `npm run admin-token` builds what changed first: nothing, once this is done.
    await ensureWorkspaceBuilt()
    const port = await freePort()
    const first = await startServer(port, FIRST)
    expect(first.stderr()).toBe('')
    await first.stop()

    const second = await startServer(port, OTHER)
    expect(second.stderr()).toContain(
      `andon: ANDON_ADMIN_TOKEN is ignored: the database in ${dataDir} already has an admin token`,
    )
    expect(second.stderr()).toContain('ANDON_ADMIN_TOKEN=<the token> npm run admin-token')
    expect(await statusWith(port, OTHER)).toBe(401)
    expect(await statusWith(port, FIRST)).toBe(200)

    expect(await adminTokenCommand(OTHER)).toContain('the admin token is now ANDON_ADMIN_TOKEN')
    expect(await statusWith(port, OTHER)).toBe(200)
    expect(await statusWith(port, FIRST)).toBe(401)

    const printed = await adminTokenCommand()
    const generated = /new admin token: (adm_\S+)/.exec(printed)?.[1]
    expect(generated).toBeDefined()
    expect(printed).toContain('revoked 1 other admin token')
    expect(await statusWith(port, generated!)).toBe(200)
    expect(await statusWith(port, OTHER)).toBe(401)
    await second.stop()

    // The token in force: nothing to say.
    const third = await startServer(port, generated!)
    expect(third.stderr()).toBe('')
  }, 120_000)
})
