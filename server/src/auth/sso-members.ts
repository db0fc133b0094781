/**
 * The member a single sign-on stands for, found by email. A newcomer becomes a member at their
 * first sign-in. When ANDON_OIDC_ROLES maps groups to roles, the identity provider is where
 * roles are managed: every sign-in sets the member's roles from their groups of the moment.
 */
import type { Store } from '../store/store.js'
import type { MemberInfo } from '../store/team-store.js'
import type { SsoIdentity } from './sso/sso-client.js'
import type { SsoConfig } from './sso/sso-config.js'
import { rolesFromGroups } from './sso/roles-from-groups.js'

const SSO_ACTOR = { name: 'single sign-on', kind: 'system' as const }

const sameRoles = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort())

export async function signInWithSso(
  store: Store,
  identity: SsoIdentity,
  config: Pick<SsoConfig, 'roles'>,
): Promise<MemberInfo> {
  const managed = config.roles.size > 0
  const granted = rolesFromGroups(identity.groups, config.roles)
  const member = await store.findMember(identity.email)
  if (member === undefined) {
    return store.createMember(
      {
        email: identity.email,
        name: identity.name || identity.email,
        passwordHash: null,
        admin: managed && granted.admin,
        roles: managed ? granted.roles : {},
        managedBySso: managed,
      },
      SSO_ACTOR,
    )
  }
  if (!managed) return member
  if (
    member.managedBySso &&
    member.admin === granted.admin &&
    sameRoles(member.roles, granted.roles)
  ) {
    return member
  }
  return store.updateMember(
    member.id,
    { admin: granted.admin, roles: granted.roles, managedBySso: true },
    SSO_ACTOR,
  )
}
