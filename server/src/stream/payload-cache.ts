/**
 * The serialized payloads of each environment, for both views, kept until the environment's
 * version moves: `GET /sdk/v1/flags` and every stream's first `put` reuse the same strings.
 */
import { gzipSync } from 'node:zlib'
import type { Payload } from '@andon/core'
import type { Store } from '../store/store.js'
import type { View } from './broker.js'
import { sseFrame } from './sse-frame.js'

export interface SerializedPayload {
  version: number
  /** The payloads themselves, for evaluating on the server (OFREP, the preview). */
  payloads: Record<View, Payload>
  json: Record<View, Buffer>
  /** The JSON gzipped, made on first request: a payload of 1,000 flags shrinks about tenfold. */
  gzip(view: View): Buffer
  put: Record<View, Buffer>
}

export interface PayloadCache {
  /**
   * The environment's payloads at its current version. While the database is away the last
   * ones known are served: SDKs keep their flags, and the stream catches them up later.
   */
  get(environmentId: number): Promise<SerializedPayload>
}

export function createPayloadCache(store: Store): PayloadCache {
  const cache = new Map<number, SerializedPayload>()

  async function fresh(environmentId: number): Promise<SerializedPayload> {
    const version = await store.environmentVersion(environmentId)
    const hit = cache.get(environmentId)
    if (hit !== undefined && hit.version === version) return hit
    const { server, client } = await store.payloads(environmentId)
    const json = {
      server: Buffer.from(JSON.stringify(server)),
      client: Buffer.from(JSON.stringify(client)),
    }
    const gzipped: Partial<Record<View, Buffer>> = {}
    const entry: SerializedPayload = {
      version: server.version,
      payloads: { server, client },
      json,
      gzip: (view) => (gzipped[view] ??= gzipSync(json[view])),
      put: {
        server: Buffer.from(sseFrame('put', server.version, server)),
        client: Buffer.from(sseFrame('put', client.version, client)),
      },
    }
    cache.set(environmentId, entry)
    return entry
  }

  return {
    async get(environmentId) {
      try {
        return await fresh(environmentId)
      } catch (error) {
        const last = cache.get(environmentId)
        if (last === undefined) throw error
        return last
      }
    },
  }
}
