/**
 * Tokens of the admin API are `api_keys` rows of kind `admin` with scopes, a type, an owner,
 * an expiry and a last-used time; the same conversions serve both stores.
 */
import type { AuthKey, NewToken, TokenInfo, TokenScope, TokenType } from '../store.js'

/** The columns of `api_keys` that the conversions read. */
export interface TokenRow {
  id: number
  kind: AuthKey['kind']
  name: string
  hint: string
  createdAt: number
  revokedAt: number | null
  scopes: string | null
  tokenType: TokenType | null
  owner: string | null
  expiresAt: number | null
  lastUsedAt: number | null
}

/** Matches the `scopes` JSON of a token that may do everything (`LIKE`, in both databases). */
export const ADMIN_SCOPE_PATTERN = '%"admin"%'

export const scopesOf = (json: string | null): TokenScope[] | null =>
  json === null ? null : (JSON.parse(json) as TokenScope[])

export function toTokenInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    type: row.tokenType ?? 'service',
    scopes: scopesOf(row.scopes) ?? [],
    owner: row.owner,
    hint: row.hint,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  }
}

/** The row a new token inserts (the store adds the time). */
export const tokenValues = (input: NewToken, createdAt: number) => ({
  kind: 'admin' as const,
  name: input.name,
  environmentId: null,
  digest: input.digest,
  hint: input.hint,
  createdAt,
  scopes: JSON.stringify(input.scopes),
  tokenType: input.type,
  owner: input.owner,
  expiresAt: input.expiresAt,
})

/** A row found by its digest, with its environment's key, as authentication needs it. */
export function toAuthKey(
  row: Pick<TokenRow, 'id' | 'kind' | 'name' | 'scopes' | 'tokenType' | 'owner' | 'expiresAt'> & {
    environmentId: number | null
    environment: string | null
  },
): AuthKey {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    environmentId: row.environmentId,
    environment: row.environment,
    scopes: scopesOf(row.scopes),
    expiresAt: row.expiresAt,
    tokenType: row.tokenType,
    owner: row.owner,
  }
}
