/**
 * What the signed-in person may do, so that the page disables or hides what the server would
 * refuse and says why. The server's rule (server/src/auth/permissions.ts) decides anyway; this
 * mirrors it: members by role (viewer or editor per environment, admin), a session made with a
 * token by the token's scopes. Every member may read and switch flags off anywhere.
 */
import type { SessionActor } from '@andon/core'
import { needsSentence, type Needs } from './refusal.js'

export type Action =
  | { kind: 'kill'; environment: string }
  | { kind: 'write'; environment: string }
  | { kind: 'define' }
  | { kind: 'archive'; environments: readonly string[] }
  | { kind: 'admin' }

interface Grants {
  admin: boolean
  killAll: boolean
  write: ReadonlySet<string>
}

const WRITE = 'write:'

function grantsOf(me: SessionActor): Grants {
  if (me.kind === 'token' && me.scopes) {
    return {
      admin: me.admin || me.scopes.includes('admin'),
      killAll: me.scopes.includes('kill'),
      write: new Set(me.scopes.filter((s) => s.startsWith(WRITE)).map((s) => s.slice(6))),
    }
  }
  const editorIn = Object.entries(me.roles).filter(([, role]) => role === 'editor')
  return { admin: me.admin, killAll: true, write: new Set(editorIn.map(([env]) => env)) }
}

/** What is missing for `action`, or undefined when `me` may do it. */
export function needsFor(me: SessionActor, action: Action): Needs | undefined {
  const g = grantsOf(me)
  if (g.admin) return undefined
  switch (action.kind) {
    case 'kill':
      return g.killAll || g.write.has(action.environment)
        ? undefined
        : { role: 'viewer', environment: action.environment, scope: 'kill' }
    case 'write':
      return g.write.has(action.environment)
        ? undefined
        : { role: 'editor', environment: action.environment }
    case 'define':
      return g.write.size > 0 ? undefined : { role: 'editor', environments: 'any' }
    case 'archive': {
      const missing = action.environments.find((env) => !g.write.has(env))
      return missing === undefined
        ? undefined
        : { role: 'editor', environments: 'every', environment: missing }
    }
    case 'admin':
      return { role: 'admin' }
  }
}

/** Why `me` may not do `action`, in a sentence; undefined when they may. */
export function reasonNot(me: SessionActor, action: Action): string | undefined {
  const needs = needsFor(me, action)
  return needs && needsSentence(needs)
}
