/**
 * `npm start`: reads the settings, opens and migrates the database (SQLite, or PostgreSQL with
 * `ANDON_DATABASE_URL`), seeds a first start,
 * and serves the app on Node until SIGINT or SIGTERM.
 */
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { loadConfig } from './config.js'
import { openStore } from './store/open-store.js'
import { createMemoryBroker } from './stream/memory-broker.js'
import { createApp } from './app.js'
import { createSsoClient } from './auth/sso/sso-client.js'
import { seedIfEmpty, unusedAdminTokenWarning } from './seed.js'
import { uiFolder } from './ui-folder.js'
import { createWebhookSender } from './guard/webhook.js'
import { RELEASE_TICK_MS } from './release/ticker.js'

const config = loadConfig()
const broker = createMemoryBroker()
const opened = await openStore(config, { publish: (changes) => broker.publish(changes) })
const store = opened.store

// Processes started together over one PostgreSQL database seed it once.
const seeded = await opened.exclusive(() => seedIfEmpty(store, config.adminToken))
if (seeded !== undefined) {
  console.log('First start: these secrets are shown only now. Keep them.\n')
  for (const line of seeded.lines) console.log(`  ${line}`)
  console.log('')
}
const unusedToken = await unusedAdminTokenWarning(
  store,
  config.adminToken,
  config.databaseUrl === undefined ? config.dataDir : opened.where,
)
if (unusedToken !== undefined) console.error(`andon: ${unusedToken}\n`)

const app = createApp({
  store,
  broker,
  uiDir: uiFolder(fileURLToPath(import.meta.url)),
  webhook: config.webhookUrl === undefined ? undefined : createWebhookSender(config.webhookUrl),
  trustedProxies: config.trustedProxies,
  releaseTickMs: RELEASE_TICK_MS,
  sessionHours: config.sessionHours,
  sso: config.sso === null ? null : { config: config.sso, client: createSsoClient(config.sso) },
})
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`andon listening on http://localhost:${info.port} (data: ${opened.where})`)
})

function shutdown() {
  broker.close()
  server.close(() => {
    void opened.close().then(() => process.exit(0))
  })
  // Streams keep connections open; do not wait for them longer than a moment.
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
