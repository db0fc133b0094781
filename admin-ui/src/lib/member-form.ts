/**
 * The member forms' values and checks: roles chosen per environment (none, viewer, editor)
 * become the `roles` map the API takes, and what the server would refuse is said first.
 */
import type { EnvironmentRole, MemberInfo, NewMemberInput } from '@andon/core'

export type RoleChoice = EnvironmentRole | 'none'

/** The roles the API takes: environments chosen as none are left out. */
export function rolesOf(choices: Record<string, RoleChoice>): Record<string, EnvironmentRole> {
  const roles: Record<string, EnvironmentRole> = {}
  for (const [env, choice] of Object.entries(choices)) if (choice !== 'none') roles[env] = choice
  return roles
}

/** A member's roles as a choice for each environment. */
export function choicesOf(
  roles: Record<string, EnvironmentRole>,
  environments: readonly string[],
): Record<string, RoleChoice> {
  return Object.fromEntries(environments.map((env) => [env, roles[env] ?? 'none']))
}

/** The roles in words: "editor in staging, viewer in production", or "none". */
export function rolesText(member: Pick<MemberInfo, 'roles'>): string {
  const entries = Object.entries(member.roles)
  return entries.length === 0 ? 'none' : entries.map(([env, r]) => `${r} in ${env}`).join(', ')
}

export const MIN_PASSWORD = 12

/** Why a password would be refused, or undefined when it is fine (empty: no password). */
export function passwordIssue(password: string): string | undefined {
  if (password === '' || password.length >= MIN_PASSWORD) return undefined
  return `A password needs at least ${MIN_PASSWORD} characters.`
}

export interface MemberForm {
  email: string
  name: string
  password: string
  admin: boolean
  roles: Record<string, RoleChoice>
}

/** The request for a new member, or the sentence of what is missing. */
export function newMemberOf(form: MemberForm): NewMemberInput | string {
  const email = form.email.trim()
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) return 'Enter the member’s email address.'
  const issue = passwordIssue(form.password)
  if (issue) return issue
  return {
    email,
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(form.password ? { password: form.password } : {}),
    admin: form.admin,
    roles: rolesOf(form.roles),
  }
}
