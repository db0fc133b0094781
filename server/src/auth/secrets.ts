/**
 * Key and token secrets: 192 random bits, prefixed by kind so a leaked one is recognizable,
 * stored only as a SHA-256 digest.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { KeyKind } from '../store/store.js'

export const KEY_PREFIX: Record<KeyKind, string> = {
  admin: 'adm_',
  server: 'srv_',
  client: 'cli_',
  hook: 'hook_',
}

export function newSecret(kind: KeyKind): string {
  return KEY_PREFIX[kind] + randomBytes(24).toString('base64url')
}

/** A token of the admin API made with `POST /api/v1/tokens` (the seeded first one is `adm_`). */
export const TOKEN_PREFIX = 'tok_'

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url')
}

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** What lists show of a secret: its prefix and a few characters, never enough to use it. */
export function hintOf(secret: string): string {
  return `${secret.slice(0, secret.indexOf('_') + 5)}…`
}
