/**
 * Answers of the admin API that core's admin model does not declare (yet): the shapes that
 * server/src/routes send, written once here. They belong in core/src/admin-model.ts, beside
 * FlagMeta and KeyInfo, so that the server's store returns them by type as well.
 */
import type { KeyInfo, Segment } from '@andon/core'

/** `GET /api/v1/environments` lists these; `POST` answers one. */
export interface EnvironmentInfo {
  key: string
  name: string
  version: number
  createdAt: number
}

/** A segment as the admin API answers it: its definition, its name and description. */
export interface SegmentInfo extends Required<Segment> {
  name: string
  description: string
  updatedAt: number
}

/** `POST .../keys` answers the key with its secret as `key`, the only time it is shown. */
export type CreatedKey = KeyInfo & { key: string }
