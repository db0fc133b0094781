/** Who is signed in, in a few words for the top bar: their role, where, or a token's scopes. */
import type { SessionActor } from '@andon/core'

export function roleSummary(me: SessionActor): string {
  if (me.kind === 'token') {
    const scopes = me.scopes?.join(', ') ?? ''
    return me.admin ? 'admin token' : `token: ${scopes || 'no scopes'}`
  }
  if (me.admin) return 'admin'
  const editorIn = Object.keys(me.roles).filter((env) => me.roles[env] === 'editor')
  return editorIn.length > 0 ? `editor in ${editorIn.join(', ')}` : 'viewer'
}
