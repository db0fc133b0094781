/**
 * Single sign-on settings (OpenID Connect, authorization code with PKCE), checked with zod.
 * config.ts hands in the environment; without ANDON_OIDC_ISSUER single sign-on is off.
 */
import { KEY_PATTERN } from '@andon/core'
import { z } from 'zod'
import type { RoleGrant, RoleMapping } from './roles-from-groups.js'

/** Where the identity provider sends the browser back; registered there as the redirect URI. */
export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback'

export interface SsoConfig {
  /** The identity provider's issuer identifier; its discovery document sits beneath it. */
  issuer: URL
  clientId: string
  /** Without one Andon is a public client, and PKCE alone protects the code exchange. */
  clientSecret: string | undefined
  /** The identity provider's name, shown on the sign-in button. */
  name: string
  scopes: string[]
  /** The claim, in the ID token or at the userinfo endpoint, that lists the person's groups. */
  groupsClaim: string
  roles: RoleMapping
  /** Plain HTTP to the issuer: only when it is on this machine (a local provider, tests). */
  allowHttp: boolean
  /** ANDON_PUBLIC_URL: the origin people reach Andon at, if set. */
  publicUrl: string | undefined
  /**
   * The redirect URI: on ANDON_PUBLIC_URL when set, else on the origin the request came to
   * (safe either way: the identity provider only returns to a URI registered with it).
   */
  redirectUri(requestOrigin: string): string
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname)

const issuerSchema = z
  .url({ protocol: /^https?$/, error: 'must be a URL, such as https://login.example.com' })
  .transform((text) => new URL(text))
  .refine((url) => url.search === '' && url.hash === '', 'must have no query or fragment')
  .refine(
    (url) => url.protocol === 'https:' || isLoopback(url),
    'must use https (plain http only for localhost or 127.0.0.1)',
  )

const publicUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be a URL, such as https://andon.example.com' })
  .transform((text) => new URL(text))
  .refine(
    (url) => url.pathname === '/' && url.search === '' && url.hash === '',
    'must be an origin only, such as https://andon.example.com (no path)',
  )
  .transform((url) => url.origin)

/** `openid email profile` or `openid,email,profile,groups`; openid is what makes it OIDC. */
const scopesSchema = z
  .string()
  .transform((text) => text.split(/[\s,]+/).filter((s) => s !== ''))
  .refine((scopes) => scopes.includes('openid'), 'must include openid')

const GRANT_HELP = 'must be admin, editor:<environment> or viewer:<environment>'

const grantSchema = z.string({ error: GRANT_HELP }).transform((text, ctx): RoleGrant => {
  if (text === 'admin') return { role: 'admin' }
  const match = /^(editor|viewer):(.*)$/.exec(text)
  const environment = match?.[2] ?? ''
  if (match === null || !KEY_PATTERN.test(environment)) {
    ctx.addIssue({ code: 'custom', message: `${GRANT_HELP}, not ${JSON.stringify(text)}` })
    return z.NEVER
  }
  return { role: match[1] === 'editor' ? 'editor' : 'viewer', environment }
})

const ROLES_HELP = 'must be a JSON object of group to grants, such as {"platform":["admin"]}'

const rolesSchema = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text)
    } catch {
      ctx.addIssue({ code: 'custom', message: `${ROLES_HELP}; it is not valid JSON` })
      return z.NEVER
    }
  })
  .pipe(z.record(z.string(), z.array(grantSchema, { error: GRANT_HELP }), { error: ROLES_HELP }))
  .transform((record): RoleMapping => new Map(Object.entries(record)))

const REQUIRED = 'required when ANDON_OIDC_ISSUER is set'

const schema = z.object({
  ANDON_OIDC_ISSUER: issuerSchema,
  ANDON_OIDC_CLIENT_ID: z.string({ error: REQUIRED }),
  ANDON_OIDC_CLIENT_SECRET: z.string().optional(),
  ANDON_OIDC_NAME: z.string().default('single sign-on'),
  // No `groups`: it is not a standard scope, and some providers refuse a scope they do not know.
  ANDON_OIDC_SCOPES: scopesSchema.default(['openid', 'email', 'profile']),
  ANDON_OIDC_GROUPS_CLAIM: z.string().default('groups'),
  ANDON_OIDC_ROLES: rolesSchema.default(new Map()),
  ANDON_PUBLIC_URL: publicUrlSchema.optional(),
})

/** The settings, or null when single sign-on is off. Throws, naming each bad variable. */
export function ssoConfigFromEnv(env: NodeJS.ProcessEnv): SsoConfig | null {
  // An empty variable counts as unset: `ANDON_OIDC_CLIENT_SECRET=` is a public client.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()))
  if (set.ANDON_OIDC_ISSUER === undefined) return null
  const parsed = schema.safeParse(set)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid single sign-on settings:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  const publicUrl = c.ANDON_PUBLIC_URL
  return {
    issuer: c.ANDON_OIDC_ISSUER,
    clientId: c.ANDON_OIDC_CLIENT_ID,
    clientSecret: c.ANDON_OIDC_CLIENT_SECRET,
    name: c.ANDON_OIDC_NAME.trim(),
    scopes: c.ANDON_OIDC_SCOPES,
    groupsClaim: c.ANDON_OIDC_GROUPS_CLAIM.trim(),
    roles: c.ANDON_OIDC_ROLES,
    allowHttp: isLoopback(c.ANDON_OIDC_ISSUER),
    publicUrl,
    redirectUri: (requestOrigin) =>
      `${publicUrl ?? new URL(requestOrigin).origin}${SSO_CALLBACK_PATH}`,
  }
}
