/**
 * Where the admin token lives between reloads: sessionStorage, so it is gone with the tab, and
 * the sentence a failed sign-in shows.
 */
import { ApiError } from './api-error.js'

const STORAGE_KEY = 'andon.adminToken'

export interface TokenStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export function loadToken(storage: TokenStorage | undefined): string | undefined {
  return storage?.getItem(STORAGE_KEY) ?? undefined
}

export function saveToken(storage: TokenStorage | undefined, token: string | undefined) {
  if (token) storage?.setItem(STORAGE_KEY, token)
  else storage?.removeItem(STORAGE_KEY)
}

/** What a failed sign-in says. */
export function signInError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Wrong admin token: the server did not accept it.'
    if (error.status === 403) return 'That is a server or client key, not an admin token.'
    if (error.status === 429) return error.message
    return `The server answered ${error.status}: ${error.message}`
  }
  return 'Could not reach the server.'
}
