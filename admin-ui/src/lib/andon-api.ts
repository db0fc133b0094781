/**
 * The admin API of the server as typed calls. Each answer has the one shape that
 * server/src/routes gives it (lists wrapped in an object named for them, items bare), typed
 * with core's admin model; flags and segments are checked with core's zod schemas as well,
 * since an editor builds on every field of them.
 */
import {
  flagSchema,
  segmentSchema,
  type AuditEntry,
  type ChangeRequestInfo,
  type CreatedKey,
  type EnvironmentInfo,
  type EnvironmentPatch,
  type EvaluationResult,
  type Flag,
  type FlagConfig,
  type FlagGuards,
  type FlagMeta,
  type KeyInfo,
  type NewFlag,
  type SegmentInfo,
} from '@andon/core'
import type { ApiClient } from './api-client.js'
import { checkedAnswer } from './checked-answer.js'
import { ApiError } from './api-error.js'
import type { GuardInput } from './guard-model.js'
import type { ReleaseAction, ReleaseInfo, ReleaseStart, ReleaseStep } from './release-model.js'
import { createInsightsApi } from './insights-api.js'
import { createSessionApi } from './session-api.js'
import { createTeamApi } from './team-api.js'

export type { AuditEntry, EnvironmentInfo, FlagMeta, KeyInfo, SegmentInfo } from '@andon/core'

/**
 * What a write of a flag's config did: applied at once, or (in an environment that requires
 * approval) made into a change request that waits for an editor other than its author.
 */
export type ConfigWrite =
  { kind: 'applied'; flag: Flag } | { kind: 'requested'; changeRequest: ChangeRequestInfo }

export interface AuditQuery {
  flag?: string
  environment?: string
  limit: number
  before?: number
}

const e = encodeURIComponent

export function createAndonApi(client: ApiClient) {
  const flagEnvPath = (flag: string, env: string) =>
    `/api/v1/flags/${e(flag)}/environments/${e(env)}`
  const segmentsPath = (env: string) => `/api/v1/environments/${e(env)}/segments`
  const flagOf = (data: unknown) => checkedAnswer<Flag>(flagSchema, data, 'flag')
  const segmentOf = (data: unknown) => checkedAnswer<SegmentInfo>(segmentSchema, data, 'segment')

  return {
    /** Evaluations, experiments, staleness, delivery and code references. */
    insights: createInsightsApi(client),
    /** Sign-in methods, the session, sign-in and sign-out. */
    session: createSessionApi(client),
    ...createTeamApi(client),
    async environments(): Promise<EnvironmentInfo[]> {
      return (await client.get<{ environments: EnvironmentInfo[] }>('/api/v1/environments'))
        .environments
    },
    async createEnvironment(input: { key: string; name: string }): Promise<EnvironmentInfo> {
      return (
        await client.request<EnvironmentInfo>('POST', '/api/v1/environments', { body: input })
      ).data
    },
    /**
     * Renames an environment, marks it critical (changes then ask for a confirmation) or makes
     * its flag edits wait for approval.
     */
    async updateEnvironment(env: string, patch: EnvironmentPatch): Promise<EnvironmentInfo> {
      const path = `/api/v1/environments/${e(env)}`
      return (await client.request<EnvironmentInfo>('PATCH', path, { body: patch })).data
    },
    async keys(env: string): Promise<KeyInfo[]> {
      return (await client.get<{ keys: KeyInfo[] }>(`/api/v1/environments/${e(env)}/keys`)).keys
    },
    /** A new key; its secret is in this answer only. */
    async createKey(
      env: string,
      input: { kind: 'server' | 'client' | 'hook'; name: string },
    ): Promise<CreatedKey> {
      const path = `/api/v1/environments/${e(env)}/keys`
      return (await client.request<CreatedKey>('POST', path, { body: input })).data
    },
    async revokeKey(id: number): Promise<void> {
      await client.request('DELETE', `/api/v1/keys/${id}`)
    },
    async flags(): Promise<FlagMeta[]> {
      return (await client.get<{ flags: FlagMeta[] }>('/api/v1/flags')).flags
    },
    async createFlag(input: NewFlag): Promise<FlagMeta> {
      return (await client.request<FlagMeta>('POST', '/api/v1/flags', { body: input })).data
    },
    async updateFlag(key: string, patch: Partial<Omit<NewFlag, 'key'>>): Promise<FlagMeta> {
      const path = `/api/v1/flags/${e(key)}`
      return (await client.request<FlagMeta>('PATCH', path, { body: patch })).data
    },
    async archiveFlag(key: string): Promise<void> {
      await client.request('DELETE', `/api/v1/flags/${e(key)}`)
    },
    async flagConfig(flag: string, env: string): Promise<Flag> {
      return flagOf(await client.get(flagEnvPath(flag, env)))
    },
    /**
     * Replaces fields of a flag's config; with `ifMatch` a stale version fails with 412. A
     * `comment` (why, 1 to 500 characters) goes into the audit entry. Where the environment
     * requires approval, anything but switching off answers 202 with a change request.
     */
    async updateFlagConfig(
      flag: string,
      env: string,
      patch: Partial<FlagConfig>,
      ifMatch?: number,
      comment?: string,
    ): Promise<ConfigWrite> {
      const path = flagEnvPath(flag, env)
      const body = comment === undefined ? patch : { ...patch, comment }
      const answer = await client.request<unknown>('PATCH', path, { body, ifMatch })
      if (answer.status === 202) {
        const { changeRequest } = answer.data as { changeRequest: ChangeRequestInfo }
        return { kind: 'requested', changeRequest }
      }
      return { kind: 'applied', flag: flagOf(answer.data) }
    },
    /** The guards of a flag in an environment, each with its state and figures. */
    async guards(flag: string, env: string, signal?: AbortSignal): Promise<FlagGuards> {
      return client.get<FlagGuards>(`${flagEnvPath(flag, env)}/guards`, signal)
    },
    /** Replaces the guards (`[]` removes them); the server sets the flag's metrics to match. */
    async setGuards(flag: string, env: string, guards: GuardInput[]): Promise<FlagGuards> {
      const path = `${flagEnvPath(flag, env)}/guards`
      return (await client.request<FlagGuards>('PUT', path, { body: guards })).data
    },
    /** The flag's latest release plan, under way or ended, or null when it never had one. */
    async release(flag: string, env: string, signal?: AbortSignal): Promise<ReleaseInfo | null> {
      try {
        return await client.get<ReleaseInfo>(`${flagEnvPath(flag, env)}/release`, signal)
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    /** Starts a plan (409 when one is under way): its first step is served at once. */
    async startRelease(flag: string, env: string, plan: ReleaseStart): Promise<ReleaseInfo> {
      const path = `${flagEnvPath(flag, env)}/release`
      return (await client.request<ReleaseInfo>('POST', path, { body: plan })).data
    },
    async controlRelease(flag: string, env: string, action: ReleaseAction): Promise<ReleaseInfo> {
      const path = `${flagEnvPath(flag, env)}/release/control`
      return (await client.request<ReleaseInfo>('POST', path, { body: { action } })).data
    },
    /** The named templates a plan may use, with their steps. */
    async releaseTemplates(): Promise<Record<string, ReleaseStep[]>> {
      return (
        await client.get<{ templates: Record<string, ReleaseStep[]> }>('/api/v1/release-templates')
      ).templates
    },
    async segments(env: string): Promise<SegmentInfo[]> {
      return (await client.get<{ segments: SegmentInfo[] }>(segmentsPath(env))).segments
    },
    async segment(env: string, key: string): Promise<SegmentInfo> {
      return segmentOf(await client.get(`${segmentsPath(env)}/${e(key)}`))
    },
    async createSegment(
      env: string,
      input: { key: string; name: string; description: string },
    ): Promise<SegmentInfo> {
      return segmentOf((await client.request('POST', segmentsPath(env), { body: input })).data)
    },
    async updateSegment(
      env: string,
      key: string,
      patch: Partial<Omit<SegmentInfo, 'key' | 'version' | 'updatedAt'>>,
      ifMatch?: number,
    ): Promise<SegmentInfo> {
      const path = `${segmentsPath(env)}/${e(key)}`
      return segmentOf((await client.request('PATCH', path, { body: patch, ifMatch })).data)
    },
    async deleteSegment(env: string, key: string): Promise<void> {
      await client.request('DELETE', `${segmentsPath(env)}/${e(key)}`)
    },
    async evaluate(env: string, flag: string, context: unknown): Promise<EvaluationResult> {
      const path = `/api/v1/environments/${e(env)}/evaluate`
      return (await client.request<EvaluationResult>('POST', path, { body: { flag, context } }))
        .data
    },
    /** Audit entries, newest first; `flag` is an exact key (the server matches no parts). */
    async audit(query: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query))
        if (v !== undefined && v !== '') params.set(k, String(v))
      return (await client.get<{ entries: AuditEntry[] }>(`/api/v1/audit?${params}`, signal))
        .entries
    },
  }
}

export type AndonApi = ReturnType<typeof createAndonApi>
