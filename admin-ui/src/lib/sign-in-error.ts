/**
 * What a failed sign-in says, and the error single sign-on sends back in the URL's hash
 * (`#sign-in-error=<message>`), which the sign-in page shows once.
 */
import { ApiError } from './api-error.js'

export type SignInMethod = 'password' | 'token'

export function signInError(error: unknown, method: SignInMethod): string {
  if (error instanceof ApiError) {
    if (error.status === 401) {
      return method === 'token'
        ? 'Wrong admin token: the server did not accept it.'
        : 'Wrong email or password.'
    }
    if (error.status === 403 && method === 'token') {
      return 'That is a server or client key, not an admin token.'
    }
    if (error.status === 422) return 'Fill in every field.'
    if (error.status === 429) return error.message
    return `The server answered ${error.status}: ${error.message}`
  }
  return 'Could not reach the server.'
}

const PREFIX = '#sign-in-error='

/** The message of a failed single sign-on in `hash`, if there is one. */
export function ssoErrorOf(hash: string): string | undefined {
  if (!hash.startsWith(PREFIX)) return undefined
  const raw = hash.slice(PREFIX.length).replace(/\+/g, ' ')
  try {
    return `Single sign-on failed: ${decodeURIComponent(raw)}`
  } catch {
    return `Single sign-on failed: ${raw}`
  }
}
