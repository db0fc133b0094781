/**
 * What a person signing in with single sign-on may do, from the groups the identity provider
 * says they are in and the mapping the operator wrote (ANDON_OIDC_ROLES). The result replaces the
 * member's roles at each sign-in, so a change of groups at the provider takes effect there.
 */
import type { EnvironmentRole } from '@andon/core'

/** One grant a group gives: admin everywhere, or a role in one environment. */
export type RoleGrant = { role: 'admin' } | { role: EnvironmentRole; environment: string }

/** Identity provider group name to the grants it gives. A Map: group names are not trusted keys. */
export type RoleMapping = ReadonlyMap<string, readonly RoleGrant[]>

export interface GrantedRoles {
  admin: boolean
  roles: Record<string, EnvironmentRole>
}

/** The union of the grants of every mapped group; editor beats viewer, unknown groups add none. */
export function rolesFromGroups(groups: readonly string[], mapping: RoleMapping): GrantedRoles {
  const granted: GrantedRoles = { admin: false, roles: {} }
  for (const group of new Set(groups)) {
    for (const grant of mapping.get(group) ?? []) {
      if (grant.role === 'admin') granted.admin = true
      else if (granted.roles[grant.environment] !== 'editor') {
        granted.roles[grant.environment] = grant.role
      }
    }
  }
  return granted
}
