/**
 * Change requests: in an environment that requires approval, an edit of a flag's config waits
 * for another editor (`GET /api/v1/environments/{env}/change-requests`, `.../{id}/approve`,
 * `.../{id}/reject`, and `DELETE .../{id}` for its author to withdraw it). The approval applies
 * it, audited under the approver with the author named. Switching a flag off never waits.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { actorOf, type Deps } from '../http/deps.js'
import { errorAnswer, listOf, refusalAnswer } from '../http/answer-schemas.js'
import { envParam } from '../http/schemas.js'
import {
  changeRequestAnswer,
  changeRequestEnvelope,
  changeRequestParam,
  changeRequestQuery,
  rejectBody,
} from '../http/team-schemas.js'
import { isAdmin } from '../auth/permissions.js'
import { StoreError } from '../store/store-error.js'
import type { ChangeRequestInfo } from '../store/team-store.js'
import type { Store } from '../store/store.js'

const tag = 'flags'
const path = '/environments/{env}/change-requests'
const notFound = { description: 'No such change request here.', schema: errorAnswer }
const decided = { description: 'Decided already (or by someone else first).', schema: errorAnswer }

const listRequests = defineRoute({
  method: 'get',
  path,
  operationId: 'listChangeRequests',
  summary: "An environment's change requests, newest first",
  tag,
  access: 'admin',
  permission: 'read',
  request: { params: envParam, query: changeRequestQuery },
  responses: {
    200: { description: 'The requests.', schema: listOf('changeRequests', changeRequestAnswer) },
  },
})

const approve = defineRoute({
  method: 'post',
  path: `${path}/{id}/approve`,
  operationId: 'approveChangeRequest',
  summary: 'Approve a change request: it applies now, over the current config',
  description: 'By an editor of the environment who is not its author.',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: changeRequestParam },
  responses: {
    200: { description: 'Applied.', schema: changeRequestEnvelope },
    403: { description: 'Your own request, or not an editor here.', schema: refusalAnswer },
    404: notFound,
    409: decided,
  },
})

const reject = defineRoute({
  method: 'post',
  path: `${path}/{id}/reject`,
  operationId: 'rejectChangeRequest',
  summary: 'Reject a change request, saying why',
  tag,
  access: 'admin',
  permission: 'write',
  request: { params: changeRequestParam, body: rejectBody },
  responses: {
    200: { description: 'Rejected.', schema: changeRequestEnvelope },
    404: notFound,
    409: decided,
  },
})

const withdraw = defineRoute({
  method: 'delete',
  path: `${path}/{id}`,
  operationId: 'withdrawChangeRequest',
  summary: 'Withdraw your change request',
  tag,
  access: 'admin',
  permission: 'own',
  request: { params: changeRequestParam },
  responses: {
    204: { description: 'Withdrawn.' },
    403: { description: 'Not your request, and you are no admin.', schema: errorAnswer },
    404: notFound,
    409: decided,
  },
})

/** The edit of a request without its comment, which goes to the audit entry. */
function patchOf(request: ChangeRequestInfo) {
  const { comment, ...patch } = request.change
  return { patch, comment: typeof comment === 'string' ? comment : undefined }
}

async function requestOf(store: Store, env: string, id: number) {
  if ((await store.getEnvironment(env)) === undefined) {
    throw new HTTPException(404, { message: 'environment not found' })
  }
  const request = await store.getChangeRequest(env, id)
  if (request === undefined)
    throw new HTTPException(404, { message: `change request ${id} not found` })
  return request
}

const alreadyDecided = (request: ChangeRequestInfo) =>
  new HTTPException(409, { message: `change request ${request.id} is ${request.status} already` })

const forbidden = (c: Context<AppEnv>, error: string): never => {
  throw new HTTPException(403, { res: c.json({ error }, 403) })
}

const isAuthor = (c: Context<AppEnv>, request: ChangeRequestInfo) => {
  const me = actorOf(c)
  return request.author.kind === me.kind && request.author.id === me.id
}

export function changeRequestRoutes({ store }: Deps) {
  return new ApiRouter()
    .add(listRequests, async (c) => {
      const { env } = c.req.valid('param')
      if ((await store.getEnvironment(env)) === undefined) {
        throw new HTTPException(404, { message: 'environment not found' })
      }
      return c.json({
        changeRequests: await store.listChangeRequests(env, c.req.valid('query').status),
      })
    })
    .add(approve, async (c) => {
      const { env, id } = c.req.valid('param')
      const request = await requestOf(store, env, id)
      if (request.status !== 'open') throw alreadyDecided(request)
      if (isAuthor(c, request))
        forbidden(c, "a change request needs another pair of eyes than its author's")
      const reviewer = actorOf(c)
      const claimed = await store.decideChangeRequest(
        env,
        id,
        {
          status: 'applied',
          reviewer,
          reason: null,
        },
        reviewer,
      )
      if (claimed === undefined) throw alreadyDecided(await requestOf(store, env, id))
      const { patch, comment } = patchOf(request)
      try {
        await store.updateFlagConfig(request.flag, env, patch, {
          actor: reviewer,
          comment: `change request #${id} by ${request.author.name}${comment === undefined ? '' : `: ${comment}`}`,
        })
      } catch (e) {
        if (!(e instanceof StoreError)) throw e
        // Refused now (the flag went, or the edit no longer fits): the request says why.
        await store.decideChangeRequest(
          env,
          id,
          { from: 'applied', status: 'failed', reviewer: claimed.reviewer, reason: e.message },
          reviewer,
        )
        throw e
      }
      return c.json({ changeRequest: claimed })
    })
    .add(reject, async (c) => {
      const { env, id } = c.req.valid('param')
      const request = await requestOf(store, env, id)
      if (request.status !== 'open') throw alreadyDecided(request)
      const reviewer = actorOf(c)
      const rejected = await store.decideChangeRequest(
        env,
        id,
        {
          status: 'rejected',
          reviewer,
          reason: c.req.valid('json').reason ?? null,
        },
        reviewer,
      )
      if (rejected === undefined) throw alreadyDecided(await requestOf(store, env, id))
      return c.json({ changeRequest: rejected })
    })
    .add(withdraw, async (c) => {
      const { env, id } = c.req.valid('param')
      const request = await requestOf(store, env, id)
      if (!isAuthor(c, request) && !isAdmin(c.get('principal'))) {
        forbidden(c, 'only its author or an admin may withdraw a change request')
      }
      if (request.status !== 'open') throw alreadyDecided(request)
      const done = await store.decideChangeRequest(
        env,
        id,
        { status: 'withdrawn', reviewer: null, reason: null },
        actorOf(c),
      )
      if (done === undefined) throw alreadyDecided(await requestOf(store, env, id))
      return c.body(null, 204)
    })
}
