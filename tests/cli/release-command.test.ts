/**
 * `andon release` as a deploy job runs it: the built bin against a real server whose release
 * timer is on. `wait` exits 0 at 100 %, 1 when the plan is undone, 2 when a person is needed
 * and 124 on timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon } from '../support/andon-cli.js'

let server: AndonServer
let env: Record<string, string>
const andon = (args: string[]) => runAndon(args, env)

beforeAll(async () => {
  server = await startAndonServer()
  env = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin, ANDON_ENV: 'development' }
})
afterAll(() => server?.stop())

const releasePath = (flag: string) => `/api/v1/flags/${flag}/environments/development/release`
const quickSteps = [
  { percent: 20, holdSeconds: 1 },
  { percent: 100, holdSeconds: 1 },
]

/** Exposures of both variations through the SDK route, so that steps have traffic. */
async function traffic(flag: string, stop: () => boolean) {
  const key = server.secrets.keys['development server']!
  for (let i = 0; !stop(); i++) {
    await fetch(`${server.url}/sdk/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: `cli-batch-${flag}-${i}-padding`,
        startedAt: 0,
        endedAt: 0,
        exposures: [
          { flag, variation: 0, count: 80 },
          { flag, variation: 1, count: 20 },
        ],
        metrics: [],
        dropped: 0,
      }),
    })
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('andon release', () => {
  it('starts a plan, shows it, and waits until it reaches 100 % (exit 0)', async () => {
    await server.admin('POST', '/api/v1/flags', { key: 'ramp-ok' })
    const start = await andon(['release', 'start', 'ramp-ok', '--plan', 'quick'])
    expect(start.code).toBe(0)
    expect(start.stdout).toMatch(/ramp-ok in development: running, step 1 of 3 \(10 %\)/)
    await andon(['release', 'abort', 'ramp-ok'])

    await server.admin('POST', '/api/v1/flags', { key: 'ramp-fast' })
    await server.admin('POST', releasePath('ramp-fast'), { variation: 1, steps: quickSteps })
    let done = false
    const feeding = traffic('ramp-fast', () => done)
    const waited = await andon([
      'release',
      'wait',
      'ramp-fast',
      '--timeout',
      '30s',
      '--interval',
      '200ms',
    ])
    done = true
    await feeding
    expect(waited.code).toBe(0)
    expect(waited.stderr).toMatch(/completed/)
    const status = await andon(['--json', 'release', 'status', 'ramp-fast'])
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'completed', step: 1 })
  })

  it('exits 2 for a paused plan, 1 for an aborted one, 124 on timeout', async () => {
    await server.admin('POST', '/api/v1/flags', { key: 'ramp-held' })
    await server.admin('POST', releasePath('ramp-held'), {
      variation: 1,
      steps: [
        { percent: 10, holdSeconds: 3600 },
        { percent: 100, holdSeconds: 60 },
      ],
    })
    const timedOut = await andon([
      'release',
      'wait',
      'ramp-held',
      '--timeout',
      '1s',
      '--interval',
      '200ms',
    ])
    expect(timedOut.code).toBe(124)
    expect(timedOut.stderr).toMatch(/gave up waiting after 1s/)

    expect((await andon(['release', 'pause', 'ramp-held'])).code).toBe(0)
    const paused = await andon(['release', 'wait', 'ramp-held', '--timeout', '10s'])
    expect(paused.code).toBe(2)
    expect(paused.stderr).toMatch(/paused by/)

    expect((await andon(['release', 'abort', 'ramp-held'])).code).toBe(0)
    expect((await andon(['release', 'wait', 'ramp-held'])).code).toBe(1)
  })

  it('says what is wrong: no plan, an unknown template, a bad duration', async () => {
    await server.admin('POST', '/api/v1/flags', { key: 'never-ramped' })
    const none = await andon(['release', 'status', 'never-ramped'])
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/no release plan/)
    const template = await andon(['release', 'start', 'never-ramped', '--plan', 'yolo'])
    expect(template.code).toBe(1)
    expect(template.stderr).toMatch(/refused: template/)
    const duration = await andon(['release', 'wait', 'never-ramped', '--timeout', 'soon'])
    expect(duration.stderr).toMatch(/soon is not a duration/)
  })
})
