/**
 * The published packages as an application outside the workspace gets them: the README's
 * commands pack core and both SDKs and install the tarballs into a new application in a
 * temporary folder (third-party dependencies from the npm cache, else the registry); there the
 * README's examples run against a real server (ES modules and CommonJS), and TypeScript checks
 * a file using the declarations, strict, with Node16 and with bundler resolution.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { repoRoot } from '../support/repo-root.js'
import { repoFile, sectionBlocks } from '../readme/readme-blocks.js'
import { ensureWorkspaceBuilt } from '../readme/workspace-build.js'

const run = promisify(execFile)
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc')
const PACKAGES = ['core', 'sdk-node', 'sdk-browser']

interface PackResult {
  name: string
  size: number
  unpackedSize: number
  files: { path: string }[]
}

describe('the packages in an application outside the workspace', () => {
  const home = mkdtempSync(join(tmpdir(), 'andon-app-'))
  const app = join(home, 'my-app')
  let server: AndonServer
  let npmEnv: NodeJS.ProcessEnv

  beforeAll(async () => {
    await ensureWorkspaceBuilt()
    const { stdout: cache } = await run('npm', ['config', 'get', 'cache'], { cwd: repoRoot })
    // `~` of the README is the temporary folder; the npm cache stays the machine's.
    npmEnv = {
      ...process.env,
      HOME: home,
      npm_config_cache: cache.trim(),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    }
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), '{ "name": "my-app", "private": true }\n')

    const install = sectionBlocks('Use Andon in your application').find((b) => b.lang === 'sh')!
    const commands = install.code.trim().split('\n')
    // The build is the one just made: `npm run build` would only redo it.
    expect(commands[0]).toBe('npm run build')
    await run('bash', ['-e', '-c', commands.slice(1).join('\n')], { cwd: repoRoot, env: npmEnv })
    // "the same way": the browser SDK, and Node's types (the workspace's, cached) for tsc.
    const nodeTypes = JSON.parse(repoFile('package.json')).devDependencies['@types/node']
    const browserTarball = '~/andon-packages/andon-sdk-browser-0.1.0.tgz'
    await run('npm', ['install', browserTarball, `@types/node@${nodeTypes}`], {
      cwd: app,
      env: npmEnv,
      shell: true,
    })

    server = await startAndonServer()
    await server.admin('POST', '/api/v1/flags', { key: 'new-checkout', clientSide: true })
    await server.admin('PATCH', '/api/v1/flags/new-checkout/environments/production', {
      enabled: true,
      fallthrough: { variation: 1 },
    })
  }, 300_000)

  afterAll(async () => {
    await server?.stop()
    rmSync(home, { recursive: true, force: true })
  })

  const runInApp = async (file: string, env: Record<string, string>) => {
    copyFileSync(join(repoRoot, 'examples', file), join(app, file))
    const { stdout } = await run(process.execPath, [file], {
      cwd: app,
      env: { ...process.env, ANDON_URL: server.url, ...env },
    })
    return stdout
  }

  it('installs the tarballs, not the workspace', () => {
    for (const name of PACKAGES) {
      const installed = realpathSync(join(app, 'node_modules/@andon', name))
      expect(installed).toBe(join(realpathSync(app), 'node_modules/@andon', name))
    }
  })

  it('packs built JavaScript, declarations, README and licence, and no sources', async () => {
    const { stdout } = await run(
      'npm',
      ['pack', '--dry-run', '--json', ...PACKAGES.flatMap((p) => ['-w', p])],
      { cwd: repoRoot, env: npmEnv },
    )
    const packs = JSON.parse(stdout) as PackResult[]
    const expected: Record<string, string[]> = {
      '@andon/core': [
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
      ],
      '@andon/sdk-node': [
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
        'dist/cjs/package.json',
        'dist/cjs/openfeature/index.js',
      ],
      '@andon/sdk-browser': [
        'dist/index.js',
        'dist/types/index.d.ts',
        'dist/react.js',
        'dist/types/react/index.d.ts',
      ],
    }
    expect(packs.map((p) => p.name)).toEqual(Object.keys(expected))
    for (const pack of packs) {
      const files = pack.files.map((f) => f.path)
      expect(files).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'LICENSE', ...expected[pack.name]!]),
      )
      expect(files.filter((f) => /^src\/|\.test\.|tsbuildinfo/.test(f))).toEqual([])
      console.log(`${pack.name}: ${pack.size} B packed, ${pack.unpackedSize} B unpacked`)
    }
  })

  const decision = 'ready: true; new-checkout for user-123: true (FALLTHROUGH)\n'

  it("runs the README's ES module example of the Node SDK", async () => {
    const shown = sectionBlocks('Your first flag in a minute').find((b) => b.lang === 'js')!
    expect(shown.code).toBe(repoFile('examples/first-flag.mjs'))
    const sdkKey = server.secrets.keys['production server']!
    expect(await runInApp('first-flag.mjs', { ANDON_SDK_KEY: sdkKey })).toBe(decision)
  })

  it('requires the Node SDK from CommonJS, as the README shows', async () => {
    const blocks = sectionBlocks('Use Andon in your application').filter((b) => b.lang === 'js')
    const requireLine = blocks[0]!.code.trim()
    expect(requireLine).toBe("const { createClient } = require('@andon/sdk-node')")
    expect(repoFile('examples/first-flag.cjs')).toContain(requireLine)
    const sdkKey = server.secrets.keys['production server']!
    expect(await runInApp('first-flag.cjs', { ANDON_SDK_KEY: sdkKey })).toBe(decision)
  })

  it('evaluates with the browser SDK from a bootstrap, as the README shows', async () => {
    const blocks = sectionBlocks('Use Andon in your application').filter((b) => b.lang === 'js')
    expect(blocks[1]!.code).toBe(repoFile('examples/browser-bootstrap.mjs'))
    const clientKey = server.secrets.keys['production client']!
    expect(await runInApp('browser-bootstrap.mjs', { ANDON_CLIENT_KEY: clientKey })).toBe(
      'new-checkout for user-123: true\nevaluated once: true\n',
    )
  })

  it('type-checks an application strictly, with Node16 and with bundler resolution', async () => {
    // skipLibCheck as most applications have it (checking zod's and Node's own declarations
    // takes 20 s); the expected errors below fail if any of our types resolve to `any`.
    const strict = { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022' }
    writeFileSync(
      join(app, 'tsconfig.node.json'),
      JSON.stringify({
        compilerOptions: {
          ...strict,
          module: 'Node16',
          moduleResolution: 'Node16',
          types: ['node'],
        },
        files: ['node-esm.mts', 'node-cjs.cts'],
      }),
    )
    const nodeUse = (from: string) => `import { createClient, type Context } from '${from}'

const flags = createClient({ baseUrl: 'http://localhost:4242', sdkKey: process.env.ANDON_SDK_KEY ?? '' })
const user: Context = { key: 'user-123', country: 'SE' }
export const on: boolean = flags.isEnabled('new-checkout', user)
// @ts-expect-error a flag key is a string: the declarations are typed, not any
flags.isEnabled(42, user)
// @ts-expect-error a context's key is a string: core's types reach the application too
export const wrong: Context = { key: 42 }
void flags.close()
`
    writeFileSync(join(app, 'node-esm.mts'), nodeUse('@andon/sdk-node'))
    writeFileSync(join(app, 'node-cjs.cts'), nodeUse('@andon/sdk-node'))
    writeFileSync(
      join(app, 'tsconfig.browser.json'),
      JSON.stringify({
        compilerOptions: {
          ...strict,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['browser.ts'],
      }),
    )
    writeFileSync(
      join(app, 'browser.ts'),
      `import { createBrowserClient, evaluate, type Payload } from '@andon/sdk-browser'

declare const bootstrap: Payload
const flags = createBrowserClient({ baseUrl: '', clientKey: 'cli_x', bootstrap, connect: false })
export const on: boolean = flags.isEnabled('new-checkout')
export const once = evaluate(bootstrap, 'new-checkout', { key: 'user-123' }, false).reason.kind
// @ts-expect-error a flag key is a string: the declarations are typed, not any
flags.isEnabled(42)
// @ts-expect-error a reason's kind is one of core's names
export const unknownKind: typeof once = 'SOMETHING'
`,
    )
    for (const project of ['tsconfig.node.json', 'tsconfig.browser.json']) {
      const checked = await run(process.execPath, [tsc, '-p', project], { cwd: app }).then(
        () => '',
        (e: { stdout?: string }) => e.stdout ?? String(e),
      )
      expect(checked, project).toBe('')
    }
  })
})
