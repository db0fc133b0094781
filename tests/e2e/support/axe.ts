/**
 * An axe-core scan of the page as it is (WCAG 2.x A and AA and axe's best practices), through
 * @axe-core/playwright on playwright-core and Debian's Chromium. Every finding is written to
 * tests/artifacts/axe-<name>.json; the serious and critical ones are returned, one line each,
 * for a test to require none.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { artifactsDir } from './browser.js'

export async function seriousAxeFindings(page: Page, name: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  const findings = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }))
  mkdirSync(artifactsDir, { recursive: true })
  writeFileSync(join(artifactsDir, `axe-${name}.json`), JSON.stringify(findings, null, 2))
  return findings
    .filter((f) => f.impact === 'serious' || f.impact === 'critical')
    .map((f) => `${f.id} (${f.impact}): ${f.help}: ${f.nodes.slice(0, 5).join(', ')}`)
}
