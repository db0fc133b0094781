/**
 * The server's settings, read once from the environment and checked with zod. The only
 * module that reads `process.env`.
 */
import { resolve } from 'node:path'
import { z } from 'zod'

const schema = z.object({
  ANDON_PORT: z.coerce.number().int().min(0).max(65535).default(4242),
  ANDON_DATA_DIR: z.string().min(1).default('./data'),
  ANDON_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ANDON_WEBHOOK_URL: z.url().optional(),
  ANDON_HOST: z.string().min(1).optional(),
})

export interface Config {
  port: number
  host: string | undefined
  dataDir: string
  databaseFile: string
  adminToken: string | undefined
  webhookUrl: string | undefined
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
    adminToken: c.ANDON_ADMIN_TOKEN,
    webhookUrl: c.ANDON_WEBHOOK_URL,
  }
}
