/**
 * Who may do what, decided in one place and without I/O. A principal is a token (scopes) or,
 * once people sign in, a member (roles: `viewer` or `editor` per environment, or `admin`).
 * Both come down to the same grants, so one rule decides for both:
 *
 * - `read`: anything that changes nothing. Every member; every token (every scope reads).
 * - `kill` in an environment: switch a flag off there (the andon cord). Every member in every
 *   environment; a token with `kill`, or with `write:<that environment>`.
 * - `write` in an environment: anything else that changes it. Editors of it; `write:<env>`.
 * - `define`: flag definitions, shared by every environment. Editors of at least one.
 * - `archive`: a flag leaves every environment. Editors of every one.
 * - `admin`: environments, SDK keys, others' tokens (members, later). Admins; scope `admin`.
 *
 * `admin` implies every other grant. A personal token acts for its owner: it may do what both
 * its scopes and its owner's roles allow, so a member's token never outranks the member.
 */
import type { TokenScope } from '@andon/core'

export type Role = 'viewer' | 'editor'

export interface MemberPrincipal {
  kind: 'member'
  id: number
  name: string
  admin: boolean
  /** The member's role in each environment; an environment not named: none. */
  roles: Readonly<Record<string, Role>>
}

export type Principal =
  | {
      kind: 'token'
      id: number
      name: string
      scopes: readonly TokenScope[]
      /** A personal token's owner, whose roles bound what the token may do. */
      owner?: MemberPrincipal
    }
  | MemberPrincipal

export type Action =
  | { kind: 'read' }
  | { kind: 'kill'; environment: string }
  | { kind: 'write'; environment: string }
  | { kind: 'define' }
  | { kind: 'archive' }
  | { kind: 'admin' }

/** What a refusal says is missing: a role (and where), and for tokens the scope that would do. */
export interface Needs {
  role: 'viewer' | 'editor' | 'admin'
  environment?: string
  /** For `define` and `archive`: editor in `any` environment, or in `every` one. */
  environments?: 'any' | 'every'
  scope?: TokenScope
}

export interface Refusal {
  error: string
  needs: Needs
}

interface Grants {
  admin: boolean
  read: boolean
  /** Environments where a flag may be switched off; `all` for every one. */
  kill: 'all' | ReadonlySet<string>
  /** Environments where the principal may change anything. */
  write: ReadonlySet<string>
}

const WRITE = 'write:'

function grantsOf(p: Principal): Grants {
  if (p.kind === 'member') {
    const editorIn = Object.entries(p.roles).filter(([, role]) => role === 'editor')
    return {
      admin: p.admin,
      read: true,
      kill: 'all',
      write: new Set(editorIn.map(([env]) => env)),
    }
  }
  const write = new Set(p.scopes.filter((s) => s.startsWith(WRITE)).map((s) => s.slice(6)))
  return {
    admin: p.scopes.includes('admin'),
    read: p.scopes.length > 0,
    kill: p.scopes.includes('kill') ? 'all' : write,
    write,
  }
}

const canKill = (g: Grants, env: string) => g.kill === 'all' || g.kill.has(env)

/**
 * Undefined when `principal` may do `action`, else what is missing. `environments` are the
 * keys of every environment, which `archive` needs (editor in each of them).
 */
export function check(
  principal: Principal,
  action: Action,
  environments: readonly string[] = [],
): Refusal | undefined {
  const own = checkAlone(principal, action, environments)
  if (own !== undefined || principal.kind !== 'token' || principal.owner === undefined) return own
  const owner = checkAlone(principal.owner, action, environments)
  return owner === undefined
    ? undefined
    : { ...owner, error: `the token's owner ${principal.owner.name} ${owner.error}` }
}

function checkAlone(
  principal: Principal,
  action: Action,
  environments: readonly string[],
): Refusal | undefined {
  const g = grantsOf(principal)
  if (g.admin) return undefined
  const token = principal.kind === 'token'
  switch (action.kind) {
    case 'read':
      return g.read
        ? undefined
        : { error: 'needs the viewer role', needs: { role: 'viewer', scope: 'read' } }
    case 'kill': {
      const env = action.environment
      if (canKill(g, env) || g.write.has(env)) return undefined
      return {
        error: `needs the kill scope or write:${env} to switch a flag off in ${env}`,
        needs: { role: 'viewer', environment: env, scope: 'kill' },
      }
    }
    case 'write': {
      const env = action.environment
      if (g.write.has(env)) return undefined
      return {
        error: `needs the editor role in ${env}`,
        needs: { role: 'editor', environment: env, ...(token ? { scope: `write:${env}` } : {}) },
      }
    }
    case 'define':
      if (g.write.size > 0) return undefined
      return {
        error: 'needs the editor role in at least one environment',
        needs: { role: 'editor', environments: 'any' },
      }
    case 'archive': {
      const missing = environments.find((env) => !g.write.has(env))
      if (missing === undefined) return undefined
      return {
        error: `needs the editor role in every environment, ${missing} too`,
        needs: {
          role: 'editor',
          environments: 'every',
          environment: missing,
          ...(token ? { scope: `write:${missing}` } : {}),
        },
      }
    }
    case 'admin':
      return {
        error: 'needs the admin role',
        needs: { role: 'admin', ...(token ? { scope: 'admin' as const } : {}) },
      }
  }
}

/** Whether `principal` may do everything (`admin`): it sees and revokes every token. */
export const isAdmin = (principal: Principal): boolean =>
  grantsOf(principal).admin &&
  (principal.kind !== 'token' || principal.owner === undefined || principal.owner.admin)

/** The principal as the audit log names it. */
export const actorOfPrincipal = (p: Principal) => ({
  name: p.name,
  kind: p.kind,
  id: String(p.id),
})

/** Whether `text` is a scope a token may hold (`write:` of a valid environment key). */
export const isScope = (text: string): text is TokenScope =>
  text === 'read' ||
  text === 'kill' ||
  text === 'admin' ||
  (text.startsWith(WRITE) && text.length > WRITE.length)
