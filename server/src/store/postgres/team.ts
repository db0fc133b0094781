/** Members, sessions and change requests in PostgreSQL (the rules: ../team-store.ts). */
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm'
import type { TeamStore } from '../team-store.js'
import { StoreError, notFound } from '../store-error.js'
import { toTokenInfo } from '../common/token-rows.js'
import {
  auditedMember,
  changeRequestAudit,
  changeRequestValues,
  decisionValues,
  memberAudit,
  memberValues,
  normalEmail,
  toChangeRequest,
  toMemberRecord,
  withoutHash,
} from '../common/team-rows.js'
import { audit, schema, type PgCtx, type PgDb } from './context.js'
import type { PgWriteFn } from './transaction.js'

type Write = <T>(run: PgWriteFn<T>) => Promise<T>

const m = schema.members
const s = schema.sessions
const cr = schema.changeRequests

const emailTaken = (email: string) =>
  new StoreError('conflict', `a member with the email ${email} exists`)

async function memberRow(db: PgDb | PgCtx['db'], id: number) {
  const [row] = await db.select().from(m).where(eq(m.id, id))
  return row === undefined ? undefined : toMemberRecord(row)
}

async function endSessions(db: PgCtx['db'], kind: 'member' | 'token', id: number) {
  const ended = await db
    .delete(s)
    .where(and(eq(s.principalKind, kind), eq(s.principalId, id)))
    .returning({ id: s.id })
  return ended.map((row) => row.id)
}

export function createPostgresTeam(db: PgDb, now: () => number, write: Write): TeamStore {
  return {
    listMembers: async () =>
      (await db.select().from(m).orderBy(asc(m.email))).map(toMemberRecord).map(withoutHash),
    getMember: (id) => memberRow(db, id),
    findMember: async (email) => {
      const [row] = await db
        .select()
        .from(m)
        .where(eq(m.email, normalEmail(email)))
      return row === undefined ? undefined : toMemberRecord(row)
    },
    createMember: (input, actor) =>
      write(async (ctx) => {
        const email = normalEmail(input.email)
        // The unique email decides between two processes adding the same person.
        const [row] = await ctx.db
          .insert(m)
          .values({ ...memberValues(input), email, name: input.name, createdAt: ctx.now() })
          .onConflictDoNothing({ target: m.email })
          .returning()
        if (row === undefined) throw emailTaken(email)
        const created = toMemberRecord(row)
        await audit(ctx, actor, memberAudit('member.create', row.id, null, auditedMember(created)))
        return withoutHash(created)
      }),
    updateMember: (id, changes, actor) =>
      write(async (ctx) => {
        const before = await memberRow(ctx.db, id)
        if (before === undefined) throw notFound(`member ${id}`)
        const values = memberValues(changes)
        if (values.email !== undefined && values.email !== before.email) {
          const [taken] = await ctx.db.select({ id: m.id }).from(m).where(eq(m.email, values.email))
          if (taken !== undefined) throw emailTaken(values.email)
        }
        const [row] = await ctx.db.update(m).set(values).where(eq(m.id, id)).returning()
        if (row === undefined) throw notFound(`member ${id}`)
        const after = toMemberRecord(row)
        await audit(
          ctx,
          actor,
          memberAudit('member.update', id, auditedMember(before), auditedMember(after)),
        )
        return withoutHash(after)
      }),
    removeMember: (id, actor) =>
      write(async (ctx) => {
        const before = await memberRow(ctx.db, id)
        if (before === undefined) throw notFound(`member ${id}`)
        await endSessions(ctx.db, 'member', id)
        await ctx.db.delete(m).where(eq(m.id, id))
        await audit(ctx, actor, memberAudit('member.remove', id, auditedMember(before), null))
      }),
    recordSignIn: async (id, at) => {
      await db.update(m).set({ lastSignInAt: at }).where(eq(m.id, id))
    },

    getToken: async (id) => {
      const k = schema.apiKeys
      const [row] = await db
        .select()
        .from(k)
        .where(and(eq(k.id, id), eq(k.kind, 'admin')))
      return row === undefined ? undefined : toTokenInfo(row)
    },

    createSession: async (input) => {
      // Sessions past their time go as new ones come: the table holds live ones only.
      await db.delete(s).where(lte(s.expiresAt, now()))
      await db.insert(s).values({ ...input, createdAt: now() })
    },
    findSession: async (digest) => {
      const [row] = await db
        .select()
        .from(s)
        .where(and(eq(s.digest, digest), gt(s.expiresAt, now())))
      return row
    },
    endSession: async (digest) => {
      await db.delete(s).where(eq(s.digest, digest))
    },
    endSessionsOf: (kind, id, actor) =>
      write(async (ctx) => {
        const ended = await endSessions(ctx.db, kind, id)
        await audit(ctx, actor, {
          action: `${kind}.sessions-end`,
          targetKind: kind,
          targetKey: String(id),
          environment: null,
          before: { sessions: ended.length },
          after: { sessions: 0 },
        })
        return ended
      }),

    createChangeRequest: (input, actor) =>
      write(async (ctx) => {
        const [row] = await ctx.db
          .insert(cr)
          .values(changeRequestValues(input, ctx.now()))
          .returning()
        if (row === undefined) throw new Error('the change request insert returned no row')
        const request = toChangeRequest(row)
        await audit(ctx, actor, changeRequestAudit('change-request.create', request, null))
        return request
      }),
    listChangeRequests: async (environment, status) =>
      (
        await db
          .select()
          .from(cr)
          .where(
            and(
              eq(cr.environmentKey, environment),
              status === undefined ? undefined : eq(cr.status, status),
            ),
          )
          .orderBy(desc(cr.id))
      ).map(toChangeRequest),
    getChangeRequest: async (environment, id) => {
      const [row] = await db
        .select()
        .from(cr)
        .where(and(eq(cr.environmentKey, environment), eq(cr.id, id)))
      return row === undefined ? undefined : toChangeRequest(row)
    },
    decideChangeRequest: (environment, id, decision, actor) =>
      write(async (ctx) => {
        const from = decision.from ?? 'open'
        // The status condition makes the move happen once, whichever process races for it.
        const [row] = await ctx.db
          .update(cr)
          .set(decisionValues(decision, ctx.now()))
          .where(and(eq(cr.environmentKey, environment), eq(cr.id, id), eq(cr.status, from)))
          .returning()
        if (row === undefined) return undefined
        const request = toChangeRequest(row)
        await audit(
          ctx,
          actor,
          changeRequestAudit(`change-request.${decision.status}`, request, { status: from }),
        )
        return request
      }),
  }
}
