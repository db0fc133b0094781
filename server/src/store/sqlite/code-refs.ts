/**
 * Code references: where a repository's code names flag keys, as `andon refs scan --upload`
 * found them at one commit. A repository's new upload replaces its previous one whole, so a
 * reference removed from the code disappears here with the next scan.
 */
import { eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Actor } from '../store.js'
import type {
  CodeRefUpload,
  CodeRefUploadResult,
  FlagCodeRefs,
} from '../../insights/insights-model.js'
import { codeRefRows, groupCodeRefs, uploadResult, uploadedKeys } from '../common/code-ref-rows.js'
import type { CodeRefCounts } from '../common/stale-flags.js'
import { schema, type Ctx } from './context.js'
import { requireLiveFlag } from './rows.js'

/** Rows per insert: six variables each, well under SQLite's bound of a statement. */
const ROWS_PER_INSERT = 500

export function uploadCodeRefs(ctx: Ctx, upload: CodeRefUpload, actor: Actor): CodeRefUploadResult {
  const uploadedAt = ctx.now()
  const u = schema.codeRefUploads
  ctx.db.delete(u).where(eq(u.repository, upload.repository)).run()
  const { id } = ctx.db
    .insert(u)
    .values({
      repository: upload.repository,
      commit: upload.commit,
      uploadedAt,
      uploadedBy: actor.name,
    })
    .returning({ id: u.id })
    .get()
  const rows = codeRefRows(id, upload)
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    ctx.db
      .insert(schema.codeRefs)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .run()
  }
  const keys = uploadedKeys(upload)
  const live = new Set<string>()
  for (let i = 0; i < keys.length; i += ROWS_PER_INSERT) {
    const chunk = keys.slice(i, i + ROWS_PER_INSERT)
    for (const f of ctx.db
      .select({ key: schema.flags.key })
      .from(schema.flags)
      .where(sql`${inArray(schema.flags.key, chunk)} and ${isNull(schema.flags.archivedAt)}`)
      .all())
      live.add(f.key)
  }
  return uploadResult(upload, uploadedAt, keys, live)
}

export function flagCodeRefs(ctx: Ctx, flag: string): FlagCodeRefs {
  requireLiveFlag(ctx, flag)
  const u = schema.codeRefUploads
  const r = schema.codeRefs
  const rows = ctx.db
    .select({
      repository: u.repository,
      commit: u.commit,
      uploadedAt: u.uploadedAt,
      file: r.file,
      line: r.line,
      column: r.column,
      text: r.text,
    })
    .from(r)
    .innerJoin(u, eq(u.id, r.uploadId))
    .where(eq(r.flagKey, flag))
    .orderBy(u.repository, r.file, r.line, r.column)
    .all()
  return groupCodeRefs(flag, rows)
}

/** References per flag key, and whether any repository uploaded at all. */
export function codeRefCounts(ctx: Ctx): CodeRefCounts {
  const known =
    ctx.db.select({ id: schema.codeRefUploads.id }).from(schema.codeRefUploads).limit(1).get() !==
    undefined
  const byFlag = new Map<string, number>()
  for (const row of ctx.db.all<{ key: string; n: number }>(
    sql`select flag_key as key, count(*) as n from code_refs group by flag_key`,
  ))
    byFlag.set(row.key, row.n)
  return { known, byFlag }
}
