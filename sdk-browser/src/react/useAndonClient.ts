/** The client itself, for what the hooks do not cover (identify, flush, close). */
import { useContext } from 'react'
import type { BrowserClient } from '../types.js'
import { AndonContext } from './context.js'

/**
 * The client of the nearest `AndonProvider`, or null outside one.
 * @example
 * const flags = useAndonClient()
 * const onLogin = (user) => flags?.identify({ key: user.id, plan: user.plan })
 */
export function useAndonClient(): BrowserClient | null {
  return useContext(AndonContext)
}
