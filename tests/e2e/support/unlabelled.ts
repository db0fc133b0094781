/**
 * Form controls on the page without an accessible name: no <label>, no aria-label or
 * aria-labelledby, and (for buttons) no text. Every control of the admin UI must have one.
 */
import type { Page } from 'playwright-core'

export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'input, select, textarea, button, [role=switch], [role=slider]',
    )
    const missing: string[] = []
    for (const el of controls) {
      if (el.closest('[hidden]') || (el as HTMLInputElement).type === 'hidden') continue
      const labels = (el as HTMLInputElement).labels
      const named =
        (labels && [...labels].some((l) => l.textContent?.trim())) ||
        el.getAttribute('aria-label')?.trim() ||
        el.getAttribute('aria-labelledby') ||
        (el.tagName === 'BUTTON' && el.textContent?.trim())
      if (!named) missing.push(el.outerHTML.slice(0, 120))
    }
    return missing
  })
}
