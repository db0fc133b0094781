/** Hands a browser client to the hooks below it. */
import { createElement, type ReactNode } from 'react'
import type { BrowserClient } from '../types.js'
import { AndonContext } from './context.js'

export interface AndonProviderProps {
  client: BrowserClient
  children?: ReactNode
}

/**
 * Makes `client` available to `useFlag`, `useVariation` and `useAndonStatus` below it.
 * @example
 * const flags = createBrowserClient({ baseUrl, clientKey, context: { key: user.id } })
 * root.render(<AndonProvider client={flags}><App /></AndonProvider>)
 */
export function AndonProvider({ client, children }: AndonProviderProps) {
  return createElement(AndonContext.Provider, { value: client }, children)
}
