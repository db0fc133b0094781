/**
 * The server's settings, read once from the environment and checked with zod. The only
 * module that reads `process.env`.
 */
import { DEFAULT_SESSION_HOURS } from './auth/sessions.js'
import { ssoConfigFromEnv, type SsoConfig } from './auth/sso/sso-config.js'
import { resolve } from 'node:path'
import { z } from 'zod'
import { parseProxyEntry, type ProxyEntry } from './auth/client-source.js'

/** `10.0.0.1, 10.1.0.0/16, fd00::/8`: the proxies whose `X-Forwarded-For` is believed. */
const proxyList = z.string().transform((text, ctx) => {
  const entries: ProxyEntry[] = []
  for (const raw of text.split(',').filter((e) => e.trim() !== '')) {
    const entry = parseProxyEntry(raw)
    if (entry === undefined) {
      ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR: ${raw.trim()}` })
    } else entries.push(entry)
  }
  return entries
})

const schema = z.object({
  ANDON_PORT: z.coerce.number().int().min(0).max(65535).default(4242),
  ANDON_DATA_DIR: z.string().min(1).default('./data'),
  ANDON_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ANDON_WEBHOOK_URL: z.url().optional(),
  ANDON_HOST: z.string().min(1).optional(),
  ANDON_TRUSTED_PROXIES: proxyList.default([]),
  ANDON_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  // Two at least: first-start seeding writes while another connection holds the start-up lock.
  ANDON_DATABASE_POOL: z.coerce.number().int().min(2).max(1000).default(10),
  ANDON_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(DEFAULT_SESSION_HOURS),
})

export interface Config {
  port: number
  host: string | undefined
  dataDir: string
  /** The SQLite file, used unless `databaseUrl` names a PostgreSQL database. */
  databaseFile: string
  /** `ANDON_DATABASE_URL`: a PostgreSQL database instead of the SQLite file. */
  databaseUrl: string | undefined
  /** Connections each process keeps open to PostgreSQL. */
  databasePool: number
  adminToken: string | undefined
  webhookUrl: string | undefined
  /** Peers whose `X-Forwarded-For` names the client; none by default. */
  trustedProxies: ProxyEntry[]
  /** How long an admin UI session lasts from sign-in. */
  sessionHours: number
  /** Single sign-on with OpenID Connect (`ANDON_OIDC_*`); null when not set up. */
  sso: SsoConfig | null
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid settings:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  const dataDir = resolve(c.ANDON_DATA_DIR)
  return {
    port: c.ANDON_PORT,
    host: c.ANDON_HOST,
    dataDir,
    databaseFile: resolve(dataDir, 'andon.db'),
    databaseUrl: c.ANDON_DATABASE_URL,
    databasePool: c.ANDON_DATABASE_POOL,
    adminToken: c.ANDON_ADMIN_TOKEN,
    webhookUrl: c.ANDON_WEBHOOK_URL,
    trustedProxies: c.ANDON_TRUSTED_PROXIES,
    sessionHours: c.ANDON_SESSION_HOURS,
    sso: ssoConfigFromEnv(env),
  }
}
