/**
 * The people side of the admin API as typed calls: members (admins), tokens and the change
 * requests of environments that require approval. Shapes: core's team and admin models.
 */
import type {
  ChangeRequestInfo,
  ChangeRequestStatus,
  CreatedToken,
  MemberInfo,
  MemberPatch,
  NewMemberInput,
  TokenInfo,
  TokenScope,
  TokenType,
} from '@andon/core'
import type { ApiClient } from './api-client.js'

export interface NewToken {
  name: string
  type: TokenType
  scopes: TokenScope[]
  /** Epoch milliseconds; absent: it does not expire. */
  expiresAt?: number
}

const e = encodeURIComponent

export function createTeamApi(client: ApiClient) {
  const requestsPath = (env: string) => `/api/v1/environments/${e(env)}/change-requests`
  return {
    async members(): Promise<MemberInfo[]> {
      return (await client.get<{ members: MemberInfo[] }>('/api/v1/members')).members
    },
    async addMember(input: NewMemberInput): Promise<MemberInfo> {
      return (await client.request<MemberInfo>('POST', '/api/v1/members', { body: input })).data
    },
    async updateMember(id: number, patch: MemberPatch): Promise<MemberInfo> {
      return (await client.request<MemberInfo>('PATCH', `/api/v1/members/${id}`, { body: patch }))
        .data
    },
    async removeMember(id: number): Promise<void> {
      await client.request('DELETE', `/api/v1/members/${id}`)
    },
    /** Signs the member out everywhere. */
    async endMemberSessions(id: number): Promise<void> {
      await client.request('DELETE', `/api/v1/members/${id}/sessions`)
    },
    async tokens(): Promise<TokenInfo[]> {
      return (await client.get<{ tokens: TokenInfo[] }>('/api/v1/tokens')).tokens
    },
    /** A new token; its secret is in this answer only. */
    async createToken(input: NewToken): Promise<CreatedToken> {
      return (await client.request<CreatedToken>('POST', '/api/v1/tokens', { body: input })).data
    },
    async revokeToken(id: number): Promise<void> {
      await client.request('DELETE', `/api/v1/tokens/${id}`)
    },
    /** An environment's change requests, newest first; all of them without `status`. */
    async changeRequests(env: string, status?: ChangeRequestStatus): Promise<ChangeRequestInfo[]> {
      const query = status ? `?status=${e(status)}` : ''
      return (
        await client.get<{ changeRequests: ChangeRequestInfo[] }>(`${requestsPath(env)}${query}`)
      ).changeRequests
    },
    async approveChange(env: string, id: number): Promise<ChangeRequestInfo> {
      const path = `${requestsPath(env)}/${id}/approve`
      return (await client.request<{ changeRequest: ChangeRequestInfo }>('POST', path)).data
        .changeRequest
    },
    async rejectChange(env: string, id: number, reason?: string): Promise<ChangeRequestInfo> {
      const path = `${requestsPath(env)}/${id}/reject`
      const body = reason ? { reason } : {}
      return (await client.request<{ changeRequest: ChangeRequestInfo }>('POST', path, { body }))
        .data.changeRequest
    },
    /** The author takes their request back. */
    async withdrawChange(env: string, id: number): Promise<void> {
      await client.request('DELETE', `${requestsPath(env)}/${id}`)
    },
  }
}
