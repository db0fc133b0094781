/**
 * `npm run admin-token`: replaces the admin tokens of the database (ANDON_DATA_DIR's SQLite file,
 * or ANDON_DATABASE_URL's PostgreSQL) with one
 * new token, ANDON_ADMIN_TOKEN when set, else a generated one that is printed once: the tokens
 * with scope `admin` are revoked, the others (a pipeline's `read`, say) kept. A lost admin
 * token is replaced from the machine that holds the data. The server may keep running: with
 * SQLite it looks admin tokens up in the database on every request; with PostgreSQL it holds
 * one a second at most, and each revocation here answers only after that second.
 */
import { loadConfig } from './config.js'
import { openStore } from './store/open-store.js'
import { digestOf, hintOf, newSecret } from './auth/secrets.js'

const ACTOR = { name: 'admin-token command' }

const config = loadConfig()
const opened = await openStore(config, { publish: () => {} })
const store = opened.store

const token = config.adminToken ?? newSecret('admin')
const existing = await store.findKey(digestOf(token))
if (existing !== undefined && !existing.scopes?.includes('admin')) {
  console.error(
    'andon: ANDON_ADMIN_TOKEN is already the secret of a key or token without scope admin',
  )
  process.exit(1)
}
const kept =
  existing?.id ??
  (
    await store.createToken(
      {
        name: `admin ${new Date().toISOString().slice(0, 10)}`,
        type: 'personal',
        scopes: ['admin'],
        owner: null,
        expiresAt: null,
        digest: digestOf(token),
        hint: hintOf(token),
      },
      ACTOR,
    )
  ).id
const revoked = (await store.listAdminKeys()).filter((key) => key.id !== kept)
for (const key of revoked) await store.revokeKey(key.id, ACTOR)
await opened.close()

console.log(
  config.adminToken === undefined
    ? `new admin token: ${token}   (shown only now: keep it)`
    : 'the admin token is now ANDON_ADMIN_TOKEN',
)
console.log(`revoked ${revoked.length} other admin token${revoked.length === 1 ? '' : 's'}`)
console.log(`(data: ${config.databaseFile})`)
