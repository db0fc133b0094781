/**
 * The first start: environments `development` and `production`, each with a server key and a
 * client key, and an admin token. Their secrets exist only in the returned lines, printed once.
 */
import type { KeyKind, Store } from './store/store.js'
import { digestOf, hintOf, newSecret } from './auth/secrets.js'

const SYSTEM = { name: 'system' }

export interface SeededKey {
  environment: string
  kind: KeyKind
  secret: string
}

export interface SeedResult {
  adminToken: string
  keys: SeededKey[]
  /** Lines to print: every secret created, which is the only time anyone sees them. */
  lines: string[]
}

export async function seedIfEmpty(
  store: Store,
  adminToken: string | undefined,
): Promise<SeedResult | undefined> {
  if ((await store.listEnvironments()).length > 0 || (await store.countAdminKeys()) > 0) {
    return undefined
  }
  const lines: string[] = []
  const keys: SeededKey[] = []
  const token = adminToken ?? newSecret('admin')
  // The first admin's token: personal, though its person signs in only once members exist.
  await store.createToken(
    {
      name: 'admin',
      type: 'personal',
      scopes: ['admin'],
      owner: null,
      expiresAt: null,
      digest: digestOf(token),
      hint: hintOf(token),
    },
    SYSTEM,
  )
  lines.push(
    `admin token:                ${adminToken === undefined ? token : '(ANDON_ADMIN_TOKEN)'}`,
  )
  for (const env of ['development', 'production']) {
    await store.createEnvironment({ key: env, name: env }, SYSTEM)
    for (const kind of ['server', 'client'] as KeyKind[]) {
      const secret = newSecret(kind)
      await store.createKey(
        {
          kind,
          name: `${env} ${kind}`,
          environment: env,
          digest: digestOf(secret),
          hint: hintOf(secret),
        },
        SYSTEM,
      )
      keys.push({ environment: env, kind, secret })
      lines.push(`${`${env} ${kind} key:`.padEnd(27)} ${secret}`)
    }
  }
  return { adminToken: token, keys, lines }
}

/**
 * Why a chosen admin token is not in force, or undefined when it is (or none was chosen).
 * `ANDON_ADMIN_TOKEN` only seeds an empty database; later starts keep the database's tokens,
 * and a token that silently did nothing would only show up as a 401 somewhere else.
 */
export async function unusedAdminTokenWarning(
  store: Store,
  adminToken: string | undefined,
  where: string,
): Promise<string | undefined> {
  if (adminToken === undefined) return undefined
  if ((await store.findKey(digestOf(adminToken)))?.scopes?.includes('admin')) return undefined
  return [
    `ANDON_ADMIN_TOKEN is ignored: the database in ${where} already has an admin token (it was`,
    'set by its first start), and ANDON_ADMIN_TOKEN is not it: requests with it get 401.',
    '  To make it the admin token (this revokes the others; the server may keep running):',
    '    ANDON_ADMIN_TOKEN=<the token> npm run admin-token',
    '  To start from an empty database instead, set ANDON_DATA_DIR to a new folder.',
  ].join('\n')
}
