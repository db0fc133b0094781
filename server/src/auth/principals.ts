/**
 * Who asks, from what authenticated the request: a member (roles read afresh on every
 * request, so a role change counts from the next one), or a token (a personal one bound by its
 * owner's roles). Undefined, with the reason, when the member or the token is gone.
 */
import type { TokenInfo } from '@andon/core'
import type { AuthKey, Store } from '../store/store.js'
import type { MemberRecord } from '../store/team-store.js'
import type { MemberPrincipal, Principal } from './permissions.js'

export type Resolved = { principal: Principal } | { refused: string }

export const memberPrincipal = (m: MemberRecord): MemberPrincipal => ({
  kind: 'member',
  id: m.id,
  name: m.name,
  admin: m.admin,
  roles: m.roles,
})

const OWNER = /^member:(\d+)$/

/** The principal of a token, its owner looked up when it is a member's personal token. */
export async function tokenPrincipal(
  store: Store,
  key: Pick<AuthKey, 'id' | 'name' | 'scopes' | 'owner'>,
): Promise<Resolved> {
  const principal: Principal = {
    kind: 'token',
    id: key.id,
    name: key.name,
    scopes: key.scopes ?? [],
  }
  const ownerId = OWNER.exec(key.owner ?? '')?.[1]
  if (ownerId === undefined) return { principal }
  const owner = await store.getMember(Number(ownerId))
  if (owner === undefined) return { refused: "the token's owner is no longer a member" }
  return { principal: { ...principal, owner: memberPrincipal(owner) } }
}

/** The principal of a session: its member, or the token it was made with while still valid. */
export async function sessionPrincipal(
  store: Store,
  session: { principalKind: 'member' | 'token'; principalId: number },
  now: number,
): Promise<Resolved> {
  if (session.principalKind === 'member') {
    const member = await store.getMember(session.principalId)
    return member === undefined
      ? { refused: 'you are no longer a member' }
      : { principal: memberPrincipal(member) }
  }
  const token: TokenInfo | undefined = await store.getToken(session.principalId)
  if (token === undefined || token.revokedAt !== null) {
    return { refused: 'the token this session was made with was revoked' }
  }
  if (token.expiresAt !== null && token.expiresAt <= now) {
    return { refused: 'the token this session was made with expired' }
  }
  return tokenPrincipal(store, { ...token, scopes: token.scopes })
}
