/**
 * Members, for admins: `GET|POST /api/v1/members`, `PATCH|DELETE /api/v1/members/{id}`, and
 * `DELETE /api/v1/members/{id}/sessions`, which signs a member out everywhere at once.
 */
import { ApiRouter, defineRoute } from '../http/api-router.js'
import { actorOf, type Deps } from '../http/deps.js'
import { errorAnswer, listOf } from '../http/answer-schemas.js'
import {
  createMemberBody,
  memberAnswer,
  memberIdParam,
  patchMemberBody,
} from '../http/team-schemas.js'
import { hashPassword } from '../auth/passwords.js'
import { invalid, type Issue } from '../store/store-error.js'
import type { Store } from '../store/store.js'

const tag = 'people'
const base = { tag, access: 'admin', permission: 'admin' } as const
const notFound = { description: 'No such member.', schema: errorAnswer }

const listMembers = defineRoute({
  ...base,
  method: 'get',
  path: '/members',
  operationId: 'listMembers',
  summary: 'List the members',
  responses: { 200: { description: 'Every member.', schema: listOf('members', memberAnswer) } },
})

const createMember = defineRoute({
  ...base,
  method: 'post',
  path: '/members',
  operationId: 'createMember',
  summary: 'Add a member, with a password or for single sign-on only',
  request: { body: createMemberBody },
  responses: {
    201: { description: 'The member.', schema: memberAnswer },
    409: { description: 'The email is a member already.', schema: errorAnswer },
  },
})

const updateMember = defineRoute({
  ...base,
  method: 'patch',
  path: '/members/{id}',
  operationId: 'updateMember',
  summary: "Change a member's name, password, roles or admin: from their next request on",
  request: { params: memberIdParam, body: patchMemberBody },
  responses: { 200: { description: 'The member.', schema: memberAnswer }, 404: notFound },
})

const removeMember = defineRoute({
  ...base,
  method: 'delete',
  path: '/members/{id}',
  operationId: 'removeMember',
  summary: 'Remove a member: their sessions end',
  request: { params: memberIdParam },
  responses: { 204: { description: 'Removed.' }, 404: notFound },
})

const endSessions = defineRoute({
  ...base,
  method: 'delete',
  path: '/members/{id}/sessions',
  operationId: 'endMemberSessions',
  summary: "End a member's sessions: signed out everywhere, from their next request on",
  request: { params: memberIdParam },
  responses: { 204: { description: 'Ended.' }, 404: notFound },
})

/** Roles name environments that exist. */
async function checkRoles(store: Store, roles: Record<string, string> | undefined) {
  if (roles === undefined) return
  const known = new Set((await store.listEnvironments()).map((e) => e.key))
  const issues: Issue[] = Object.keys(roles)
    .filter((env) => !known.has(env))
    .map((env) => ({ path: ['roles', env], message: `no environment ${env}` }))
  if (issues.length > 0) throw invalid(issues)
}

export function memberRoutes({ store, broker }: Deps) {
  const closeStreams = (sessionIds: number[]) => {
    for (const id of sessionIds) broker.revokeKey(-id)
  }
  return new ApiRouter()
    .add(listMembers, async (c) => c.json({ members: await store.listMembers() }))
    .add(createMember, async (c) => {
      const body = c.req.valid('json')
      await checkRoles(store, body.roles)
      const member = await store.createMember(
        {
          email: body.email,
          name: body.name ?? body.email,
          passwordHash: body.password === undefined ? null : await hashPassword(body.password),
          admin: body.admin ?? false,
          roles: body.roles ?? {},
          managedBySso: false,
        },
        actorOf(c),
      )
      return c.json(member, 201)
    })
    .add(updateMember, async (c) => {
      const { id } = c.req.valid('param')
      const { password, ...rest } = c.req.valid('json')
      await checkRoles(store, rest.roles)
      const changes = {
        ...rest,
        ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }),
        // Roles set here are no longer the identity provider's to replace.
        ...(rest.roles !== undefined || rest.admin !== undefined ? { managedBySso: false } : {}),
      }
      return c.json(await store.updateMember(id, changes, actorOf(c)))
    })
    .add(removeMember, async (c) => {
      const { id } = c.req.valid('param')
      closeStreams(await store.endSessionsOf('member', id, actorOf(c)))
      await store.removeMember(id, actorOf(c))
      return c.body(null, 204)
    })
    .add(endSessions, async (c) => {
      const { id } = c.req.valid('param')
      if ((await store.getMember(id)) === undefined) {
        return c.json({ error: `member ${id} not found` }, 404)
      }
      closeStreams(await store.endSessionsOf('member', id, actorOf(c)))
      return c.body(null, 204)
    })
}
