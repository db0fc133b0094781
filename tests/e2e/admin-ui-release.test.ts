/**
 * The Release panel of a flag's page, end to end (a real server and Debian's Chromium): a plan
 * started from the standard template in development (no confirmation there; production asks),
 * its first step with a live countdown, Pause, Resume, and Abort after its confirmation. Then a
 * plan with one-second holds posted through the API, moved by SDK event batches posted to
 * `POST /sdk/v1/events` with a server key: the panel follows its steps without a reload. An
 * axe scan of the panel and a phone-width check. Screenshots go to tests/artifacts/.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { ensureAdminUiBuilt } from './support/admin-ui-build.js'
import { seriousAxeFindings } from './support/axe.js'
import { launchChromium, openPage, screenshot } from './support/browser.js'

const ADMIN_TOKEN = 'adm_e2e_admin_ui_release_0123456789'
const FLAG = 'new-checkout'
const AUTO_FLAG = 'new-search'
const POLL = { timeout: 30_000 }

let server: AndonServer
let browser: Browser
let page: Page
let serverKey: string
let batch = 0

const panel = () => page.locator('section.release-panel')
const status = () => panel().getByRole('status')
const current = () => panel().getByTestId('release-current')
const countdown = () => panel().getByTestId('release-countdown')

async function signIn() {
  await page.goto(server.url)
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Flags', level: 1 }).waitFor()
}

/** One SDK flush of `flag` in development: exposures per variation. */
async function postExposures(flag: string, perVariation: [number, number]) {
  const now = Date.now()
  batch += 1
  const response = await fetch(`${server.url}/sdk/v1/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serverKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id: `e2e-release-batch-${batch}`,
      startedAt: now - 1000,
      endedAt: now,
      exposures: perVariation.map((count, variation) => ({ flag, variation, count })),
      metrics: [],
      dropped: 0,
    }),
  })
  expect(response.status).toBeLessThan(300)
}

/** The step the auto flag's plan holds, as the API says: the test posts each step's traffic. */
async function planStep() {
  const plan = await server.admin<{ step: number }>(
    'GET',
    `/api/v1/flags/${AUTO_FLAG}/environments/development/release`,
  )
  return plan.step
}

/** Elements that reach past the right edge, outside the boxes that scroll by design. */
function offScreen(): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const found: string[] = []
    if (document.documentElement.scrollWidth > width) {
      found.push(`the page is ${document.documentElement.scrollWidth} px wide`)
    }
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.closest('.table-scroll, .visually-hidden, svg, .skip-link, dialog:not([open])'))
        continue
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue
      found.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)} px`)
    }
    return found.slice(0, 10)
  })
}

beforeAll(async () => {
  await ensureAdminUiBuilt()
  server = await startAndonServer({ adminToken: ADMIN_TOKEN })
  for (const key of [FLAG, AUTO_FLAG]) await server.admin('POST', '/api/v1/flags', { key })
  // A guard on the template's flag, which the panel shows with its samples.
  await server.admin('PUT', `/api/v1/flags/${FLAG}/environments/development/guards`, [
    {
      metric: 'errors',
      kind: 'rate',
      worseWhen: 'higher',
      threshold: 0,
      minSamples: 200,
      action: 'disable',
    },
  ])
  const key = await server.admin<{ key: string }>('POST', '/api/v1/environments/development/keys', {
    kind: 'server',
    name: 'e2e release sdk',
  })
  serverKey = key.key
  browser = await launchChromium()
  page = await openPage(browser, { width: 1280, height: 1000 })
  page.setDefaultTimeout(30_000)
  await signIn()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the Release panel', () => {
  it('starts a plan from the standard template in development, at once', async () => {
    await page.goto(`${server.url}/#/flags/${FLAG}/development`)
    await panel().getByRole('heading', { name: 'Start a release plan' }).waitFor()
    expect(await panel().getByLabel('Template', { exact: true }).inputValue()).toBe('standard')
    // The off variation is false (0): true is what a plan releases by default.
    const variation = panel().getByLabel('Variation to release')
    expect(await variation.locator('option:checked').textContent()).toBe('true')
    const steps = panel().getByRole('list', { name: 'Steps of the standard template' })
    expect(await steps.locator('li').allTextContents()).toEqual([
      '1 %for 10 min',
      '5 %for 30 min',
      '25 %for 1 h',
      '50 %for 1 h',
      '100 %for 10 min',
    ])
    await panel().getByRole('button', { name: 'Start release' }).click()
    expect(await page.getByRole('dialog').count()).toBe(0)

    await expect.poll(() => current().textContent(), POLL).toBe('Step 1 of 5 at 1 %')
    await expect.poll(() => status().textContent(), POLL).toBe('Running')
    const first = await countdown().textContent()
    expect(first).toMatch(/^(9:[0-5]\d|10:00) left in the hold$/)
    // The countdown ticks by itself.
    await expect.poll(() => countdown().textContent(), POLL).not.toBe(first)
    const timeline = panel().getByRole('list', { name: 'Steps of the plan' })
    expect(await timeline.locator('li[aria-current="step"]').textContent()).toContain('1 %')
    // Its guard waits for samples: none yet of the 200 the step needs in each arm.
    const guards = panel().getByRole('list', { name: 'Guards of the release' })
    await expect
      .poll(() => guards.locator('li').allTextContents(), POLL)
      .toEqual(['errors Waiting 0 of 200 samples in the smaller arm'])
    // The first step is served: 1 % of contexts get true, and the flag is on.
    const config = await server.admin<{ enabled: boolean; fallthrough: unknown }>(
      'GET',
      `/api/v1/flags/${FLAG}/environments/development`,
    )
    expect(config).toMatchObject({
      enabled: true,
      fallthrough: {
        rollout: {
          variations: [
            { variation: 1, weight: 1000 },
            { variation: 0, weight: 99000 },
          ],
        },
      },
    })
    await screenshot(page, 'admin-ui-release-01-running')
    expect(await seriousAxeFindings(page, 'release-running')).toEqual([])
  }, 120_000)

  it('pauses, resumes, and aborts after its confirmation', async () => {
    await panel().getByRole('button', { name: 'Pause' }).click()
    await expect.poll(() => status().textContent(), POLL).toBe('Paused by admin')
    expect(await countdown().textContent()).toBe('Hold stopped: it starts over on resume')
    await panel().getByRole('button', { name: 'Resume' }).click()
    await expect.poll(() => status().textContent(), POLL).toBe('Running')
    await expect.poll(() => countdown().textContent(), POLL).toMatch(/left in the hold$/)

    await panel().getByRole('button', { name: 'Abort' }).click()
    const dialog = page.getByRole('dialog', {
      name: `Abort the release of ${FLAG} in development?`,
    })
    await dialog.waitFor()
    // Escape keeps the plan going.
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    expect(await status().textContent()).toBe('Running')
    await panel().getByRole('button', { name: 'Abort' }).click()
    await dialog.getByRole('button', { name: 'Abort the release' }).click()
    await expect.poll(() => status().textContent(), POLL).toMatch(/^Aborted/)
    expect(await panel().getByRole('button', { name: 'Pause' }).count()).toBe(0)
    // An ended plan leaves the form to start another.
    await panel().getByRole('button', { name: 'Start release' }).waitFor()
    const plan = await server.admin<{ status: string }>(
      'GET',
      `/api/v1/flags/${FLAG}/environments/development/release`,
    )
    expect(plan.status).toBe('aborted')
    await screenshot(page, 'admin-ui-release-02-aborted')
  }, 120_000)

  it('asks for the confirmation before a plan starts in production', async () => {
    await page.goto(`${server.url}/#/flags/${FLAG}/production`)
    await panel().getByLabel('Template', { exact: true }).selectOption('quick')
    await panel().getByRole('button', { name: 'Start release' }).click()
    const dialog = page.getByRole('dialog', { name: `Start releasing ${FLAG} in production?` })
    await dialog.waitFor()
    expect(await dialog.getByRole('listitem').first().textContent()).toBe(
      'Serve true to 10 %, then 50 %, then 100 %',
    )
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    const answer = await fetch(
      `${server.url}/api/v1/flags/${FLAG}/environments/production/release`,
      { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } },
    )
    expect(answer.status).toBe(404)
  }, 120_000)

  it('follows a plan that SDK traffic moves, without a reload', async () => {
    await page.goto(`${server.url}/#/flags/${AUTO_FLAG}/development`)
    await panel().getByRole('heading', { name: 'Start a release plan' }).waitFor()
    await page.evaluate(() => Object.assign(window, { notReloaded: true }))
    // Each step's exposures are posted during its hold, as SDKs would send them: once the hold
    // is over, the server's timer ends the step.
    await server.admin('POST', `/api/v1/flags/${AUTO_FLAG}/environments/development/release`, {
      variation: 1,
      steps: [
        { percent: 10, holdSeconds: 3 },
        { percent: 100, holdSeconds: 3 },
      ],
    })
    await postExposures(AUTO_FLAG, [90, 10])
    await expect.poll(() => current().textContent(), POLL).toBe('Step 1 of 2 at 10 %')

    await expect.poll(planStep, POLL).toBe(1)
    await postExposures(AUTO_FLAG, [0, 100])
    await expect.poll(() => current().textContent(), POLL).toBe('Step 2 of 2 at 100 %')
    const timeline = panel().getByRole('list', { name: 'Steps of the plan' })
    expect(await timeline.locator('li').first().getAttribute('class')).toContain(
      'release-step-done',
    )
    await screenshot(page, 'admin-ui-release-03-step-2')

    await expect
      .poll(() => status().textContent(), POLL)
      .toBe('Completed: everyone gets the released variation')
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true)
    await panel().getByRole('button', { name: 'Start release' }).waitFor()
    expect(await seriousAxeFindings(page, 'release-completed')).toEqual([])
  }, 120_000)

  it('fits a phone’s width with a plan under way', async () => {
    await server.admin('POST', `/api/v1/flags/${FLAG}/environments/development/release`, {
      variation: 1,
      template: 'standard',
    })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.url}/#/flags/${FLAG}/development`)
    await expect.poll(() => current().textContent(), POLL).toBe('Step 1 of 5 at 1 %')
    await panel().scrollIntoViewIfNeeded()
    expect(await offScreen()).toEqual([])
    await screenshot(page, 'admin-ui-release-04-phone')
    expect(await seriousAxeFindings(page, 'release-phone')).toEqual([])
  }, 120_000)
})
