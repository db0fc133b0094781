/**
 * Sign-in and the session of the admin API (`/api/v1/auth/methods`, `/api/v1/session`): the
 * server keeps the session in an HttpOnly cookie, so nothing secret is kept in the page.
 */
import type { SessionInfo, SignInMethods } from '@andon/core'
import type { ApiClient } from './api-client.js'
import { ApiError } from './api-error.js'

/** What the sign-in page sends: an email and password, or an admin token (the first admin's). */
export type Credentials = { email: string; password: string } | { token: string }

/** The single sign-on start URL, coming back to `returnPath` (the page that was open). */
export function ssoStartUrl(returnPath: string): string {
  return `/api/v1/auth/sso/start?return=${encodeURIComponent(returnPath)}`
}

export function createSessionApi(client: ApiClient) {
  return {
    methods: () => client.get<SignInMethods>('/api/v1/auth/methods'),
    /** The session of the cookie, or null when there is none (401). */
    async current(): Promise<SessionInfo | null> {
      try {
        return await client.get<SessionInfo>('/api/v1/session')
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null
        throw error
      }
    },
    async signIn(credentials: Credentials): Promise<SessionInfo> {
      return (await client.request<SessionInfo>('POST', '/api/v1/session', { body: credentials }))
        .data
    },
    async signOut(): Promise<void> {
      await client.request('DELETE', '/api/v1/session')
    },
  }
}

export type SessionApi = ReturnType<typeof createSessionApi>
