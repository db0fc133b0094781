/**
 * What a 403 says is missing (`needs`: a role, where, and for tokens the scope that would do),
 * in one sentence for people: "You need the editor role in production."
 */

export interface Needs {
  role: 'viewer' | 'editor' | 'admin'
  environment?: string
  /** For flag definitions (`any`: editor somewhere) and archiving (`every` environment). */
  environments?: 'any' | 'every'
  scope?: string
}

/** The `needs` of a refusal body, when it has one of that shape. */
export function needsOf(body: unknown): Needs | undefined {
  if (typeof body !== 'object' || body === null || !('needs' in body)) return undefined
  const needs = (body as { needs: unknown }).needs
  if (typeof needs !== 'object' || needs === null) return undefined
  const role = (needs as { role?: unknown }).role
  return role === 'viewer' || role === 'editor' || role === 'admin' ? (needs as Needs) : undefined
}

export function needsSentence(needs: Needs): string {
  const where =
    needs.environments === 'every'
      ? ` in every environment${needs.environment ? `, ${needs.environment} too` : ''}`
      : needs.environment !== undefined
        ? ` in ${needs.environment}`
        : needs.environments === 'any'
          ? ' in at least one environment'
          : ''
  const role =
    needs.role === 'admin' ? 'You need to be an admin' : `You need the ${needs.role} role`
  const scope = needs.scope ? ` (a token needs the scope ${needs.scope})` : ''
  return `${role}${where}${scope}.`
}
