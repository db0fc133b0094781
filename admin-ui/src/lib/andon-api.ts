/**
 * The admin API of the server (issue 3) as typed calls. List answers are read whether the
 * server sends a bare array or an object holding it, so small shape changes do not break the UI.
 */
import type {
  AuditEntry,
  Flag,
  FlagConfig,
  FlagMeta,
  JsonValue,
  KeyInfo,
  NewFlag,
  Payload,
  SegmentRule,
} from '@andon/core'

export type { AuditEntry, FlagMeta, KeyInfo } from '@andon/core'
/** What the create-flag form sends. */
export type NewFlagInput = NewFlag
import { versionOfEtag, type ApiClient } from './api-client.js'
import { flagGuardsOf, type FlagGuards, type GuardInput } from './guard-model.js'

export interface Environment {
  key: string
  name: string
  version?: number
}

export interface SegmentInfo {
  key: string
  name?: string
  description?: string
  version: number
  included: string[]
  excluded: string[]
  rules: SegmentRule[]
}

export interface EvaluationAnswer {
  value: JsonValue
  variationIndex: number | null
  reason: Record<string, unknown> & { kind: string }
}

/** An array answer, or the array held by `field` (or the only array field) of an object. */
export function listOf<T>(data: unknown, field: string): T[] {
  if (Array.isArray(data)) return data as T[]
  if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>
    if (Array.isArray(record[field])) return record[field] as T[]
    for (const key of ['items', 'data']) if (Array.isArray(record[key])) return record[key] as T[]
    const arrays = Object.values(record).filter(Array.isArray)
    if (arrays.length === 1) return arrays[0] as T[]
  }
  return []
}

/** An object answer, or the object held by `field` when the server wraps it. */
export function itemOf<T>(data: unknown, field: string): T {
  if (typeof data === 'object' && data !== null && field in data) {
    const inner = (data as Record<string, unknown>)[field]
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return inner as T
  }
  return data as T
}

/** The secret of a newly created key, from whichever field the server names it. */
export function secretOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const record = data as Record<string, unknown>
  for (const field of ['secret', 'token', 'value', 'key']) {
    const v = record[field]
    if (typeof v === 'string' && /^(adm|srv|cli|hook)_/.test(v)) return v
  }
  for (const field of ['secret', 'token', 'value']) {
    if (typeof record[field] === 'string') return record[field] as string
  }
  const nested = record.key
  return typeof nested === 'object' ? secretOf(nested) : undefined
}

const e = encodeURIComponent

export function createAndonApi(client: ApiClient) {
  const flagEnvPath = (flag: string, env: string) =>
    `/api/v1/flags/${e(flag)}/environments/${e(env)}`
  return {
    client,
    async environments(): Promise<Environment[]> {
      return listOf<Environment>(await client.get('/api/v1/environments'), 'environments')
    },
    async createEnvironment(input: { key: string; name: string }): Promise<Environment> {
      const { data } = await client.request('POST', '/api/v1/environments', { body: input })
      return itemOf<Environment>(data, 'environment')
    },
    async keys(env: string): Promise<KeyInfo[]> {
      return listOf<KeyInfo>(await client.get(`/api/v1/environments/${e(env)}/keys`), 'keys')
    },
    async createKey(env: string, input: { kind: 'server' | 'client' | 'hook'; name: string }) {
      const { data } = await client.request('POST', `/api/v1/environments/${e(env)}/keys`, {
        body: input,
      })
      return { secret: secretOf(data), key: itemOf<KeyInfo>(data, 'key') }
    },
    async revokeKey(id: number): Promise<void> {
      await client.request('DELETE', `/api/v1/keys/${id}`)
    },
    async flags(): Promise<FlagMeta[]> {
      return listOf<FlagMeta>(await client.get('/api/v1/flags'), 'flags')
    },
    async flag(key: string): Promise<FlagMeta> {
      return itemOf<FlagMeta>(await client.get(`/api/v1/flags/${e(key)}`), 'flag')
    },
    async createFlag(input: NewFlagInput): Promise<FlagMeta> {
      const { data } = await client.request('POST', '/api/v1/flags', { body: input })
      return itemOf<FlagMeta>(data, 'flag')
    },
    async updateFlag(key: string, patch: Partial<Omit<NewFlagInput, 'key'>>): Promise<FlagMeta> {
      const { data } = await client.request('PATCH', `/api/v1/flags/${e(key)}`, { body: patch })
      return itemOf<FlagMeta>(data, 'flag')
    },
    async archiveFlag(key: string): Promise<void> {
      await client.request('DELETE', `/api/v1/flags/${e(key)}`)
    },
    async flagConfig(flag: string, env: string): Promise<Flag> {
      const { data, etag } = await client.request<unknown>('GET', flagEnvPath(flag, env))
      const config = itemOf<Flag>(data, 'flag')
      const version = versionOfEtag(etag)
      return version !== undefined && typeof config.version !== 'number'
        ? { ...config, version }
        : config
    },
    /** Replaces fields of a flag's config; with `ifMatch` a stale version fails with 412. */
    async updateFlagConfig(
      flag: string,
      env: string,
      patch: Partial<FlagConfig>,
      ifMatch?: number,
    ): Promise<Flag> {
      const { data } = await client.request('PATCH', flagEnvPath(flag, env), {
        body: patch,
        ifMatch,
      })
      return itemOf<Flag>(data, 'flag')
    },
    /** The guards of a flag in an environment, each with its state and figures. */
    async guards(flag: string, env: string, signal?: AbortSignal): Promise<FlagGuards> {
      return flagGuardsOf(await client.get(`${flagEnvPath(flag, env)}/guards`, signal), flag, env)
    },
    /** Replaces the guards (`[]` removes them); the server sets the flag's metrics to match. */
    async setGuards(flag: string, env: string, guards: GuardInput[]): Promise<FlagGuards> {
      const { data } = await client.request('PUT', `${flagEnvPath(flag, env)}/guards`, {
        body: guards,
      })
      return flagGuardsOf(data, flag, env)
    },
    async segments(env: string): Promise<SegmentInfo[]> {
      return listOf<SegmentInfo>(
        await client.get(`/api/v1/environments/${e(env)}/segments`),
        'segments',
      )
    },
    async segment(env: string, key: string): Promise<SegmentInfo> {
      return itemOf<SegmentInfo>(
        await client.get(`/api/v1/environments/${e(env)}/segments/${e(key)}`),
        'segment',
      )
    },
    async createSegment(
      env: string,
      input: { key: string; name: string; description: string },
    ): Promise<SegmentInfo> {
      const { data } = await client.request('POST', `/api/v1/environments/${e(env)}/segments`, {
        body: input,
      })
      return itemOf<SegmentInfo>(data, 'segment')
    },
    async updateSegment(
      env: string,
      key: string,
      patch: Partial<Omit<SegmentInfo, 'key' | 'version'>>,
      ifMatch?: number,
    ): Promise<SegmentInfo> {
      const { data } = await client.request(
        'PATCH',
        `/api/v1/environments/${e(env)}/segments/${e(key)}`,
        { body: patch, ifMatch },
      )
      return itemOf<SegmentInfo>(data, 'segment')
    },
    async deleteSegment(env: string, key: string): Promise<void> {
      await client.request('DELETE', `/api/v1/environments/${e(env)}/segments/${e(key)}`)
    },
    async evaluate(env: string, flag: string, context: unknown): Promise<EvaluationAnswer> {
      const { data } = await client.request('POST', `/api/v1/environments/${e(env)}/evaluate`, {
        body: { flag, context },
      })
      return itemOf<EvaluationAnswer>(data, 'result')
    },
    async audit(query: {
      flag?: string
      environment?: string
      limit?: number
      before?: number
    }): Promise<AuditEntry[]> {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query))
        if (v !== undefined && v !== '') params.set(k, String(v))
      return listOf<AuditEntry>(await client.get(`/api/v1/audit?${params}`), 'entries')
    },
    /** The whole payload of an environment, when the stream is not there to give it. */
    async payload(env: string): Promise<Payload | undefined> {
      try {
        return await client.get<Payload>(`/api/v1/environments/${e(env)}/payload`)
      } catch {
        return undefined
      }
    },
  }
}

export type AndonApi = ReturnType<typeof createAndonApi>
