/**
 * What the admin API answers about flags, keys and the audit log: the server's store returns
 * these shapes and the admin UI reads them. Types only.
 */
import type { JsonValue } from './model.js'

/** A flag's metadata, the same in every environment. */
export interface FlagMeta {
  key: string
  name: string
  description: string
  variations: JsonValue[]
  clientSide: boolean
  tags: string[]
  createdAt: number
  updatedAt: number
}

/** What `POST /api/v1/flags` creates, defaults applied. */
export type NewFlag = Omit<FlagMeta, 'createdAt' | 'updatedAt'>

export type KeyKind = 'admin' | 'server' | 'client' | 'hook'

/** A key as listed: never its secret, only a hint of it. */
export interface KeyInfo {
  id: number
  kind: KeyKind
  name: string
  environment: string | null
  hint: string
  createdAt: number
  revokedAt: number | null
}

/** One entry of the audit log: who did what to which item, with the item before and after. */
export interface AuditEntry {
  id: number
  at: number
  actor: string
  action: string
  targetKind: string
  targetKey: string
  environment: string | null
  before: unknown
  after: unknown
}
