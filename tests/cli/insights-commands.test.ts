/**
 * `andon flags stale`, `andon experiments show` and `andon refs scan --upload` as a pipeline
 * runs them: the built bin against a real server that counted real SDK event batches.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon } from '../support/andon-cli.js'

let server: AndonServer
let env: Record<string, string>
const repo = mkdtempSync(join(tmpdir(), 'andon-insights-cli-'))

beforeAll(async () => {
  server = await startAndonServer()
  env = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin }
  await server.admin('POST', '/api/v1/flags', { key: 'new-checkout' })
  await server.admin('POST', '/api/v1/flags', { key: 'forgotten' })
  await server.admin('PATCH', '/api/v1/flags/new-checkout/environments/production', {
    enabled: true,
    metrics: ['purchase'],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: 50_000 },
          { variation: 1, weight: 50_000 },
        ],
      },
    },
  })
  const res = await fetch(`${server.url}/sdk/v1/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.secrets.keys['production server']}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      id: 'cli-batch-1',
      startedAt: 1,
      endedAt: 2,
      exposures: [
        { flag: 'new-checkout', variation: 0, count: 400 },
        { flag: 'new-checkout', variation: 1, count: 600 },
      ],
      metrics: [
        {
          metric: 'purchase',
          flag: 'new-checkout',
          variation: 0,
          count: 40,
          sum: 40,
          sumSquares: 40,
        },
        {
          metric: 'purchase',
          flag: 'new-checkout',
          variation: 1,
          count: 90,
          sum: 90,
          sumSquares: 90,
        },
      ],
      dropped: 0,
    }),
  })
  if (res.status !== 202 && res.status !== 200) throw new Error(`events: ${res.status}`)

  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' })
  writeFileSync(join(repo, 'app.ts'), "if (flags.isEnabled('new-checkout', user)) show()\n")
  git('init', '-q')
  git('remote', 'add', 'origin', 'https://ci:secret@github.com/acme/shop.git')
  git('add', '.')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first')
})
afterAll(async () => {
  await server?.stop()
  rmSync(repo, { recursive: true, force: true })
})

describe('andon experiments show', () => {
  it('prints the rates, the lift and the broken split of the flag', async () => {
    const out = await runAndon(['experiments', 'show', 'new-checkout', '--env', 'production'], env)
    expect(out).toMatchObject({ code: 0, stderr: '' })
    expect(out.stdout).toContain('new-checkout in production: purchase (rate)')
    // 40 of 400 and 90 of 600: 10 % and 15 %, a lift of 50 %.
    expect(out.stdout).toMatch(/0 \(control\)\s+false\s+400\s+10\.0 %/)
    expect(out.stdout).toMatch(/1\s+true\s+600\s+15\.0 %\s+\[[^\]]+\]\s+50\.0 %/)
    // 400 against 600 on a 50/50 rollout.
    expect(out.stdout).toContain('Sample ratio mismatch')
  })

  it('answers JSON for a pipeline, and says which metric a flag does not track', async () => {
    const out = await runAndon(
      [
        '--json',
        'experiments',
        'show',
        'new-checkout',
        '--env',
        'production',
        '--metric',
        'purchase',
      ],
      env,
    )
    const answer = JSON.parse(out.stdout)
    expect(answer.variations.map((v: { contexts: number }) => v.contexts)).toEqual([400, 600])
    expect(answer.sampleRatio.mismatch).toBe(true)
    const unknown = await runAndon(
      ['experiments', 'show', 'new-checkout', '--env', 'production', '--metric', 'clicks'],
      env,
    )
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('tracks no metric clicks')
  })
})

describe('andon refs scan --upload and andon flags stale', () => {
  it('uploads the references with the repository and commit from git', async () => {
    const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    const out = await runAndon(['refs', 'scan', repo, '--upload'], env)
    expect(out).toMatchObject({ code: 0, stderr: '' })
    expect(out.stdout).toBe(
      `Uploaded 1 reference(s) to 1 flag(s) for github.com/acme/shop at ${head}\n`,
    )
    const refs = await server.admin<{ repositories: { repository: string; refs: unknown[] }[] }>(
      'GET',
      '/api/v1/flags/new-checkout/code-refs',
    )
    expect(refs.repositories).toEqual([
      {
        repository: 'github.com/acme/shop',
        commit: head,
        uploadedAt: expect.any(Number),
        refs: [
          {
            file: 'app.ts',
            line: 1,
            column: 21,
            text: "if (flags.isEnabled('new-checkout', user)) show()",
          },
        ],
      },
    ])
  })

  it('lists the flags no code references', async () => {
    const json = await runAndon(['--json', 'flags', 'stale', '--days', '30'], env)
    const report = JSON.parse(json.stdout) as {
      codeRefsKnown: boolean
      flags: { flag: string; environment: string; reasons: string[] }[]
    }
    expect(report.codeRefsKnown).toBe(true)
    const production = report.flags.filter((f) => f.environment === 'production')
    expect(production.map((f) => [f.flag, f.reasons])).toEqual([['forgotten', ['no-code-refs']]])
    const text = await runAndon(['flags', 'stale'], env)
    expect(text.stdout).toMatch(/^forgotten\s+development\s+no code references/m)
    const bad = await runAndon(['flags', 'stale', '--days', 'soon'], env)
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'andon: --days takes a whole number of days, not soon\n',
    })
  })

  it('refuses to upload outside a git checkout without --repository and --commit', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'andon-plain-'))
    try {
      const out = await runAndon(['refs', 'scan', plain, '--upload'], env)
      expect(out.code).toBe(1)
      expect(out.stderr).toContain('give --repository and --commit')
      const given = await runAndon(
        ['refs', 'scan', plain, '--upload', '--repository', 'acme/empty', '--commit', 'c0ffee'],
        env,
      )
      expect(given.stdout).toBe('Uploaded 0 reference(s) to 0 flag(s) for acme/empty at c0ffee\n')
    } finally {
      rmSync(plain, { recursive: true, force: true })
    }
  })
})
