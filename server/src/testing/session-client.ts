/**
 * A person signed in through a harness: the session cookie and CSRF token that sign-in gave,
 * sent back as a browser would (the cookie on every request, the token on unsafe ones).
 */
import type { Harness } from './harness.js'

export interface SignedIn {
  cookie: string
  csrfToken: string
  status: number
  call(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; csrf?: boolean },
  ): ReturnType<Harness['call']>
}

/** The `name=value` of a Set-Cookie header, for the Cookie header of later requests. */
export const cookieOf = (setCookie: string | null) => setCookie?.split(';')[0] ?? ''

export async function signIn(h: Harness, body: object): Promise<SignedIn> {
  const res = await h.call('POST', '/api/v1/session', { token: null, body })
  const cookie = cookieOf(res.headers.get('Set-Cookie'))
  const csrfToken = (res.json?.csrfToken as string | undefined) ?? ''
  return {
    cookie,
    csrfToken,
    status: res.status,
    call: (method, path, o = {}) =>
      h.call(method, path, {
        token: null,
        body: o.body,
        headers: {
          Cookie: cookie,
          ...(o.csrf === false || method === 'GET' ? {} : { 'X-CSRF-Token': csrfToken }),
          ...o.headers,
        },
      }),
  }
}

/** Adds a member through the admin API (as the harness's admin token). */
export async function addMember(
  h: Harness,
  member: { email: string; password?: string; admin?: boolean; roles?: Record<string, string> },
) {
  const res = await h.call('POST', '/api/v1/members', { body: member })
  if (res.status !== 201) throw new Error(`adding ${member.email}: ${res.status} ${res.text}`)
  return res.json as { id: number; email: string }
}
