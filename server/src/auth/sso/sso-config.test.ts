import { describe, expect, it } from 'vitest'
import { ssoConfigFromEnv } from './sso-config.js'

const minimal = {
  ANDON_OIDC_ISSUER: 'https://login.example.com/realms/acme',
  ANDON_OIDC_CLIENT_ID: 'andon',
}

/** The message ssoConfigFromEnv throws for these settings. */
function problems(env: NodeJS.ProcessEnv): string {
  try {
    ssoConfigFromEnv(env)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('the settings were accepted')
}

describe('ssoConfigFromEnv', () => {
  it('turns single sign-on off without an issuer', () => {
    expect(ssoConfigFromEnv({})).toBeNull()
    expect(ssoConfigFromEnv({ ANDON_OIDC_ISSUER: '', ANDON_OIDC_CLIENT_ID: 'andon' })).toBeNull()
  })

  it('fills in the defaults: a public client asking for openid, email and profile', () => {
    const config = ssoConfigFromEnv(minimal)
    expect(config).toMatchObject({
      issuer: new URL('https://login.example.com/realms/acme'),
      clientId: 'andon',
      clientSecret: undefined,
      name: 'single sign-on',
      scopes: ['openid', 'email', 'profile'],
      groupsClaim: 'groups',
      roles: new Map(),
      allowHttp: false,
      publicUrl: undefined,
    })
  })

  it('reads every setting', () => {
    const config = ssoConfigFromEnv({
      ...minimal,
      ANDON_OIDC_CLIENT_SECRET: 's3cret',
      ANDON_OIDC_NAME: 'Acme Login',
      ANDON_OIDC_SCOPES: 'openid,email profile  groups',
      ANDON_OIDC_GROUPS_CLAIM: 'roles',
      ANDON_OIDC_ROLES: JSON.stringify({
        platform: ['admin'],
        'release-managers': ['editor:production', 'viewer:development'],
      }),
      ANDON_PUBLIC_URL: 'https://andon.example.com/',
    })
    expect(config).toMatchObject({
      clientSecret: 's3cret',
      name: 'Acme Login',
      scopes: ['openid', 'email', 'profile', 'groups'],
      groupsClaim: 'roles',
      roles: new Map([
        ['platform', [{ role: 'admin' }]],
        [
          'release-managers',
          [
            { role: 'editor', environment: 'production' },
            { role: 'viewer', environment: 'development' },
          ],
        ],
      ]),
      publicUrl: 'https://andon.example.com',
    })
  })

  it('puts the redirect URI on ANDON_PUBLIC_URL, else on the origin of the request', () => {
    const onRequest = ssoConfigFromEnv(minimal)
    expect(onRequest?.redirectUri('http://localhost:4242')).toBe(
      'http://localhost:4242/api/v1/auth/sso/callback',
    )
    const onPublicUrl = ssoConfigFromEnv({
      ...minimal,
      ANDON_PUBLIC_URL: 'https://andon.example.com',
    })
    expect(onPublicUrl?.redirectUri('http://10.0.0.7:4242')).toBe(
      'https://andon.example.com/api/v1/auth/sso/callback',
    )
  })

  it('allows plain http to an issuer on this machine only', () => {
    for (const issuer of ['http://127.0.0.1:9000', 'http://localhost:9000/idp', 'http://[::1]:9']) {
      expect(ssoConfigFromEnv({ ...minimal, ANDON_OIDC_ISSUER: issuer })?.allowHttp).toBe(true)
    }
    expect(problems({ ...minimal, ANDON_OIDC_ISSUER: 'http://login.example.com' })).toBe(
      'invalid single sign-on settings:\n' +
        '  ANDON_OIDC_ISSUER: must use https (plain http only for localhost or 127.0.0.1)',
    )
  })

  it('names each variable that is wrong, and why', () => {
    const message = problems({
      ANDON_OIDC_ISSUER: 'login.example.com',
      ANDON_OIDC_SCOPES: 'email profile',
      ANDON_OIDC_ROLES: '{"platform":["admin","owner:production"],"qa":"viewer:staging"}',
      ANDON_PUBLIC_URL: 'https://andon.example.com/andon',
    })
    expect(message.split('\n')).toEqual([
      'invalid single sign-on settings:',
      '  ANDON_OIDC_ISSUER: must be a URL, such as https://login.example.com',
      '  ANDON_OIDC_CLIENT_ID: required when ANDON_OIDC_ISSUER is set',
      '  ANDON_OIDC_SCOPES: must include openid',
      '  ANDON_OIDC_ROLES.platform.1: must be admin, editor:<environment> or viewer:<environment>, not "owner:production"',
      '  ANDON_OIDC_ROLES.qa: must be admin, editor:<environment> or viewer:<environment>',
      '  ANDON_PUBLIC_URL: must be an origin only, such as https://andon.example.com (no path)',
    ])
  })

  it('says when the role mapping is not JSON, or not an object', () => {
    expect(problems({ ...minimal, ANDON_OIDC_ROLES: "{platform: ['admin']}" })).toContain(
      'ANDON_OIDC_ROLES: must be a JSON object of group to grants, such as {"platform":["admin"]}; it is not valid JSON',
    )
    expect(problems({ ...minimal, ANDON_OIDC_ROLES: '["admin"]' })).toContain(
      'ANDON_OIDC_ROLES: must be a JSON object of group to grants',
    )
    expect(problems({ ...minimal, ANDON_OIDC_ROLES: '{"qa":["viewer:"]}' })).toContain(
      'ANDON_OIDC_ROLES.qa.0: must be admin, editor:<environment> or viewer:<environment>, not "viewer:"',
    )
  })
})
