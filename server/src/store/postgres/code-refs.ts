/**
 * Code references: where a repository's code names flag keys, as `andon refs scan --upload`
 * found them at one commit. A repository's new upload replaces its previous one whole, so a
 * reference removed from the code disappears here with the next scan.
 */
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Actor } from '../store.js'
import type {
  CodeRefUpload,
  CodeRefUploadResult,
  FlagCodeRefs,
} from '../../insights/insights-model.js'
import { codeRefRows, groupCodeRefs, uploadResult, uploadedKeys } from '../common/code-ref-rows.js'
import type { CodeRefCounts } from '../common/stale-flags.js'
import { lockCatalog, schema, type PgCtx } from './context.js'
import { requireLiveFlag, type PgReader } from './rows.js'

/** Rows per insert: six parameters each, well under PostgreSQL's bound of a statement. */
const ROWS_PER_INSERT = 1000

export async function uploadCodeRefs(
  ctx: PgCtx,
  upload: CodeRefUpload,
  actor: Actor,
): Promise<CodeRefUploadResult> {
  // Two processes taking the same repository's uploads replace it one after the other.
  await lockCatalog(ctx)
  const uploadedAt = ctx.now()
  const u = schema.codeRefUploads
  await ctx.db.delete(u).where(eq(u.repository, upload.repository))
  const [row] = await ctx.db
    .insert(u)
    .values({
      repository: upload.repository,
      commit: upload.commit,
      uploadedAt,
      uploadedBy: actor.name,
    })
    .returning({ id: u.id })
  if (row === undefined) throw new Error('the upload was not stored')
  const rows = codeRefRows(row.id, upload)
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await ctx.db.insert(schema.codeRefs).values(rows.slice(i, i + ROWS_PER_INSERT))
  }
  const keys = uploadedKeys(upload)
  const live = new Set<string>()
  const f = schema.flags
  for (let i = 0; i < keys.length; i += ROWS_PER_INSERT) {
    const chunk = keys.slice(i, i + ROWS_PER_INSERT)
    for (const flag of await ctx.db
      .select({ key: f.key })
      .from(f)
      .where(and(inArray(f.key, chunk), isNull(f.archivedAt))))
      live.add(flag.key)
  }
  return uploadResult(upload, uploadedAt, keys, live)
}

export async function flagCodeRefs(r: PgReader, flag: string): Promise<FlagCodeRefs> {
  await requireLiveFlag(r, flag)
  const u = schema.codeRefUploads
  const c = schema.codeRefs
  const rows = await r.db
    .select({
      repository: u.repository,
      commit: u.commit,
      uploadedAt: u.uploadedAt,
      file: c.file,
      line: c.line,
      column: c.column,
      text: c.text,
    })
    .from(c)
    .innerJoin(u, eq(u.id, c.uploadId))
    .where(eq(c.flagKey, flag))
    // Byte order, as SQLite sorts text.
    .orderBy(
      asc(sql`${u.repository} collate "C"`),
      asc(sql`${c.file} collate "C"`),
      asc(c.line),
      asc(c.column),
    )
  return groupCodeRefs(flag, rows)
}

/** References per flag key, and whether any repository uploaded at all. */
export async function codeRefCounts(r: PgReader): Promise<CodeRefCounts> {
  const [any] = await r.db
    .select({ id: schema.codeRefUploads.id })
    .from(schema.codeRefUploads)
    .limit(1)
  const c = schema.codeRefs
  const rows = await r.db.select({ key: c.flagKey, n: count() }).from(c).groupBy(c.flagKey)
  return { known: any !== undefined, byFlag: new Map(rows.map((row) => [row.key, row.n])) }
}
