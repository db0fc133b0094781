/**
 * Signs the admin UI in with an admin token, whatever else the sign-in page offers (email and
 * password, single sign-on): the token form's own button, so that it works when several forms
 * have a "Sign in" button. The server answers with a session cookie; the page keeps no secret.
 */
import type { Page } from 'playwright-core'

export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.getByLabel('Admin token').fill(token)
  await page.locator('form:has(#admin-token) button[type=submit]').click()
  await signedIn(page)
}

/** Waits for the signed-in frame: the page of the hash route it was on (the flags at first). */
function signedIn(page: Page): Promise<void> {
  return page.getByRole('button', { name: 'Sign out' }).waitFor()
}

/** Signs in as a member with email and password. */
export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.locator('form:has(#sign-in-password) button[type=submit]').click()
  await signedIn(page)
}
