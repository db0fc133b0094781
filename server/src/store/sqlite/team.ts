/** Members, sessions and change requests in SQLite (the rules: ../team-store.ts). */
import { and, desc, eq, gt, lte } from 'drizzle-orm'
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
import { audit, schema, type Ctx } from './context.js'

type Write = <T>(run: () => T) => Promise<T>

const m = schema.members
const s = schema.sessions
const cr = schema.changeRequests

export function createSqliteTeam(ctx: Ctx, write: Write): TeamStore {
  const { db } = ctx
  const memberRow = (id: number) => {
    const row = db.select().from(m).where(eq(m.id, id)).get()
    return row === undefined ? undefined : toMemberRecord(row)
  }
  const endSessions = (kind: 'member' | 'token', id: number) =>
    db
      .delete(s)
      .where(and(eq(s.principalKind, kind), eq(s.principalId, id)))
      .returning({ id: s.id })
      .all()
      .map((row) => row.id)

  return {
    listMembers: async () =>
      db.select().from(m).orderBy(m.email).all().map(toMemberRecord).map(withoutHash),
    getMember: async (id) => memberRow(id),
    findMember: async (email) => {
      const row = db
        .select()
        .from(m)
        .where(eq(m.email, normalEmail(email)))
        .get()
      return row === undefined ? undefined : toMemberRecord(row)
    },
    createMember: (input, actor) =>
      write(() => {
        const email = normalEmail(input.email)
        if (db.select({ id: m.id }).from(m).where(eq(m.email, email)).get() !== undefined) {
          throw new StoreError('conflict', `a member with the email ${email} exists`)
        }
        const row = db
          .insert(m)
          .values({ ...memberValues(input), email, name: input.name, createdAt: ctx.now() })
          .returning()
          .get()
        const created = toMemberRecord(row)
        audit(ctx, actor, memberAudit('member.create', row.id, null, auditedMember(created)))
        return withoutHash(created)
      }),
    updateMember: (id, changes, actor) =>
      write(() => {
        const before = memberRow(id)
        if (before === undefined) throw notFound(`member ${id}`)
        const values = memberValues(changes)
        if (values.email !== undefined && values.email !== before.email) {
          const taken = db.select({ id: m.id }).from(m).where(eq(m.email, values.email)).get()
          if (taken !== undefined) {
            throw new StoreError('conflict', `a member with the email ${values.email} exists`)
          }
        }
        const row = db.update(m).set(values).where(eq(m.id, id)).returning().get()
        const after = toMemberRecord(row)
        audit(
          ctx,
          actor,
          memberAudit('member.update', id, auditedMember(before), auditedMember(after)),
        )
        return withoutHash(after)
      }),
    removeMember: (id, actor) =>
      write(() => {
        const before = memberRow(id)
        if (before === undefined) throw notFound(`member ${id}`)
        endSessions('member', id)
        db.delete(m).where(eq(m.id, id)).run()
        audit(ctx, actor, memberAudit('member.remove', id, auditedMember(before), null))
      }),
    recordSignIn: (id, at) =>
      write(() => {
        db.update(m).set({ lastSignInAt: at }).where(eq(m.id, id)).run()
      }),

    getToken: async (id) => {
      const row = db
        .select()
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.id, id), eq(schema.apiKeys.kind, 'admin')))
        .get()
      return row === undefined ? undefined : toTokenInfo(row)
    },

    createSession: (input) =>
      write(() => {
        // Sessions past their time go as new ones come: the table holds live ones only.
        db.delete(s).where(lte(s.expiresAt, ctx.now())).run()
        db.insert(s)
          .values({ ...input, createdAt: ctx.now() })
          .run()
      }),
    findSession: async (digest) =>
      db
        .select()
        .from(s)
        .where(and(eq(s.digest, digest), gt(s.expiresAt, ctx.now())))
        .get(),
    endSession: (digest) =>
      write(() => {
        db.delete(s).where(eq(s.digest, digest)).run()
      }),
    endSessionsOf: (kind, id, actor) =>
      write(() => {
        const ended = endSessions(kind, id)
        audit(ctx, actor, {
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
      write(() => {
        const row = db.insert(cr).values(changeRequestValues(input, ctx.now())).returning().get()
        const request = toChangeRequest(row)
        audit(ctx, actor, changeRequestAudit('change-request.create', request, null))
        return request
      }),
    listChangeRequests: async (environment, status) =>
      db
        .select()
        .from(cr)
        .where(
          and(
            eq(cr.environmentKey, environment),
            status === undefined ? undefined : eq(cr.status, status),
          ),
        )
        .orderBy(desc(cr.id))
        .all()
        .map(toChangeRequest),
    getChangeRequest: async (environment, id) => {
      const row = db
        .select()
        .from(cr)
        .where(and(eq(cr.environmentKey, environment), eq(cr.id, id)))
        .get()
      return row === undefined ? undefined : toChangeRequest(row)
    },
    decideChangeRequest: (environment, id, decision, actor) =>
      write(() => {
        const row = db
          .update(cr)
          .set(decisionValues(decision, ctx.now()))
          .where(
            and(
              eq(cr.environmentKey, environment),
              eq(cr.id, id),
              eq(cr.status, decision.from ?? 'open'),
            ),
          )
          .returning()
          .get()
        if (row === undefined) return undefined
        const request = toChangeRequest(row)
        audit(
          ctx,
          actor,
          changeRequestAudit(`change-request.${decision.status}`, request, {
            status: decision.from ?? 'open',
          }),
        )
        return request
      }),
  }
}
