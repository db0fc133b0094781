/**
 * An edit of a flag's config in an environment that requires approval: kept as a change
 * request against the config's current version (`If-Match` still answers 412 when stale).
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../http/app-env.js'
import { actorOf } from '../http/deps.js'
import { StoreError } from '../store/store-error.js'
import type { Store } from '../store/store.js'
import type { ChangeRequestInfo } from '../store/team-store.js'

export async function requestChange(
  store: Store,
  c: Context<AppEnv>,
  flag: string,
  environment: string,
  change: Record<string, unknown>,
  ifMatch: number | undefined,
): Promise<ChangeRequestInfo> {
  const current = await store.getFlagConfig(flag, environment)
  if (current === undefined) throw new HTTPException(404, { message: 'flag not found' })
  if (ifMatch !== undefined && ifMatch !== current.version) {
    throw new StoreError('stale', `the flag is at version ${current.version}, not ${ifMatch}`)
  }
  const author = actorOf(c)
  return store.createChangeRequest(
    {
      environment,
      flag,
      change,
      baseVersion: current.version,
      author,
    },
    author,
  )
}
