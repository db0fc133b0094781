/**
 * The token form's choices as the API takes them (scopes, an expiry instant), and a token's
 * state and owner in words for the list.
 */
import type { MemberInfo, SessionActor, TokenInfo, TokenScope } from '@andon/core'
import { formatTime } from './format-time.js'

const DAY = 86_400_000

/** Expiry choices in days; 0: never. */
export const EXPIRY_DAYS = [7, 30, 90, 365, 0] as const

export interface ScopeChoice {
  read: boolean
  kill: boolean
  admin: boolean
  /** Environments the token may change. */
  write: readonly string[]
}

export function scopesOf(choice: ScopeChoice): TokenScope[] {
  const scopes: TokenScope[] = []
  if (choice.admin) scopes.push('admin')
  if (choice.read) scopes.push('read')
  if (choice.kill) scopes.push('kill')
  for (const env of choice.write) scopes.push(`write:${env}`)
  return scopes
}

/** The instant a token made now expires, or undefined for never. */
export function expiresAtOf(days: number, now: number): number | undefined {
  return days > 0 ? now + days * DAY : undefined
}

export function expiryLabel(days: number): string {
  if (days === 0) return 'never'
  if (days === 365) return 'in a year'
  return `in ${days} days`
}

/** Whether the token still works, in words. */
export function tokenState(token: TokenInfo, now: number): string {
  if (token.revokedAt !== null) return `revoked ${formatTime(token.revokedAt)}`
  if (token.expiresAt !== null && token.expiresAt <= now) return 'expired'
  return 'active'
}

/** Who a token acts for: a member's name, "you", or "—" for a service token. */
export function ownerName(
  token: TokenInfo,
  me: SessionActor,
  members: readonly MemberInfo[] | undefined,
): string {
  if (token.owner === null) return '—'
  if (token.owner === `${me.kind}:${me.id}`) return 'you'
  const [kind, id] = token.owner.split(':')
  const member = kind === 'member' ? members?.find((m) => String(m.id) === id) : undefined
  return member ? member.name : token.owner
}
