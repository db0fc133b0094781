/** Chromium for the admin UI's end-to-end tests, and their screenshots in tests/artifacts/. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { repoRoot } from '../../support/repo-root.js'

export const artifactsDir = join(repoRoot, 'tests', 'artifacts')

export { launchChromium } from '../../support/chromium.js'

/** Saves a full-page screenshot as tests/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true })
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true })
}

/**
 * A page in a context of its own: axe's scan (support/axe.ts) opens a second page beside it,
 * which `browser.newPage()` does not allow.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ viewport })
  return context.newPage()
}
