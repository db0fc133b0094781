/** Why the signed-in person may not do an action (lib/permissions.ts), or undefined if they may. */
import { reasonNot, type Action } from '../lib/permissions.js'
import { useMe } from './useMe.js'

export function useReasonNot(action: Action | undefined): string | undefined {
  const me = useMe()
  return action && reasonNot(me, action)
}

export function useIsAdmin(): boolean {
  const me = useMe()
  return reasonNot(me, { kind: 'admin' }) === undefined
}
