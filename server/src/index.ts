/**
 * @andon/server: the Hono app, its SQLite store and the in-process stream broker. `main.ts`
 * wires them for `npm start`; tests and embedders wire their own.
 */
export { createApp, type App, type AppOptions } from './app.js'
export { openDatabase } from './db/open-database.js'
export { createSqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js'
export { createMemoryBroker } from './stream/memory-broker.js'
export type { Store } from './store/store.js'
export type { StreamBroker, Subscriber } from './stream/broker.js'
export { seedIfEmpty } from './seed.js'
