/**
 * `npm start`: reads the settings, opens and migrates the database, seeds a first start,
 * and serves the app on Node until SIGINT or SIGTERM.
 */
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { loadConfig } from './config.js'
import { openDatabase } from './db/open-database.js'
import { createSqliteStore } from './store/sqlite/sqlite-store.js'
import { createMemoryBroker } from './stream/memory-broker.js'
import { createApp } from './app.js'
import { seedIfEmpty, unusedAdminTokenWarning } from './seed.js'
import { uiFolder } from './ui-folder.js'
import { createWebhookSender } from './guard/webhook.js'
import { RELEASE_TICK_MS } from './release/ticker.js'

const config = loadConfig()
const sqlite = openDatabase(config.databaseFile)
const broker = createMemoryBroker()
const store = createSqliteStore({ sqlite, onCommit: (changes) => broker.publish(changes) })

const seeded = await seedIfEmpty(store, config.adminToken)
if (seeded !== undefined) {
  console.log('First start: these secrets are shown only now. Keep them.\n')
  for (const line of seeded.lines) console.log(`  ${line}`)
  console.log('')
}
const unusedToken = unusedAdminTokenWarning(store, config.adminToken, config.dataDir)
if (unusedToken !== undefined) console.error(`andon: ${unusedToken}\n`)

const app = createApp({
  store,
  broker,
  uiDir: uiFolder(fileURLToPath(import.meta.url)),
  webhook: config.webhookUrl === undefined ? undefined : createWebhookSender(config.webhookUrl),
  trustedProxies: config.trustedProxies,
  releaseTickMs: RELEASE_TICK_MS,
})
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`andon listening on http://localhost:${info.port} (data: ${config.databaseFile})`)
})

function shutdown() {
  broker.close()
  server.close(() => {
    store.close()
    process.exit(0)
  })
  // Streams keep connections open; do not wait for them longer than a moment.
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
