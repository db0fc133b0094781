/**
 * Tokens of the admin API: `POST|GET /api/v1/tokens`, `DELETE /api/v1/tokens/{id}`. A token's
 * secret is in the answer to its creation only. An admin sees and revokes every token; anyone
 * else only their own: today the token asking itself, later a member's personal tokens.
 */
import { HTTPException } from 'hono/http-exception'
import type { Context } from 'hono'
import { ApiRouter, defineRoute } from '../http/api-router.js'
import type { AppEnv } from '../http/app-env.js'
import { actorOf, type Deps } from '../http/deps.js'
import { createTokenBody, tokenIdParam } from '../http/schemas.js'
import {
  createdTokenAnswer,
  errorAnswer,
  listOf,
  refusalAnswer,
  tokenAnswer,
} from '../http/answer-schemas.js'
import { digestOf, hintOf, newTokenSecret } from '../auth/secrets.js'
import { check, isAdmin, type Principal } from '../auth/permissions.js'
import { invalid, type Issue } from '../store/store-error.js'
import type { TokenInfo } from '../store/store.js'

const tag = 'tokens'

const createToken = defineRoute({
  method: 'post',
  path: '/tokens',
  operationId: 'createToken',
  summary: 'Create a token with scopes; the secret is shown once',
  description:
    "Scopes: `read`, `write:<environment>`, `kill` (switch flags off anywhere), `admin`. Every scope reads. Admins create any token; a member creates personal tokens, which act for them and may do no more than the member's roles allow.",
  tag,
  access: 'admin',
  permission: 'own',
  request: { body: createTokenBody },
  responses: {
    201: { description: 'The token, with its secret as `token`.', schema: createdTokenAnswer },
  },
})

const listTokens = defineRoute({
  method: 'get',
  path: '/tokens',
  operationId: 'listTokens',
  summary: 'List tokens (no secrets): every one for an admin, else your own',
  tag,
  access: 'admin',
  permission: 'own',
  responses: {
    200: {
      description: 'The tokens, revoked ones included.',
      schema: listOf('tokens', tokenAnswer),
    },
  },
})

const revokeToken = defineRoute({
  method: 'delete',
  path: '/tokens/{id}',
  operationId: 'revokeToken',
  summary: 'Revoke a token: refused from its next request on, on every server process',
  description: 'An admin may revoke any token; anyone else only their own.',
  tag,
  access: 'admin',
  permission: 'own',
  request: { params: tokenIdParam },
  responses: {
    204: { description: 'Revoked.' },
    403: { description: 'Not your token, and you are no admin.', schema: refusalAnswer },
    404: { description: 'No such token, or revoked already.', schema: errorAnswer },
    409: {
      description: 'The last token with scope `admin` can not be revoked.',
      schema: errorAnswer,
    },
  },
})

/** Whether a token is the principal's own: the token itself, or one the principal owns. */
const owns = (p: Principal, token: TokenInfo) =>
  (p.kind === 'token' && token.id === p.id) || token.owner === `${p.kind}:${p.id}`

function forbidden(c: Context<AppEnv>): never {
  const refusal = check(c.get('principal'), { kind: 'admin' })
  throw new HTTPException(403, { res: c.json(refusal, 403) })
}

export function tokenRoutes({ store, broker, now }: Deps) {
  return new ApiRouter()
    .add(createToken, async (c) => {
      const body = c.req.valid('json')
      const principal = c.get('principal')
      const member = principal.kind === 'member' ? principal : undefined
      if (!isAdmin(principal) && (member === undefined || body.type !== 'personal')) forbidden(c)
      const issues: Issue[] = []
      if (body.expiresAt !== undefined && body.expiresAt <= now()) {
        issues.push({ path: ['expiresAt'], message: 'must be in the future' })
      }
      const known = new Set((await store.listEnvironments()).map((e) => e.key))
      body.scopes.forEach((scope, i) => {
        if (scope.startsWith('write:') && !known.has(scope.slice(6))) {
          issues.push({ path: ['scopes', i], message: `no environment ${scope.slice(6)}` })
        }
      })
      if (issues.length > 0) throw invalid(issues)
      const secret = newTokenSecret()
      const info = await store.createToken(
        {
          name: body.name,
          type: body.type,
          scopes: body.scopes,
          // A member's personal token acts for them, bound by their roles (auth/principals.ts).
          owner: member !== undefined && body.type === 'personal' ? `member:${member.id}` : null,
          expiresAt: body.expiresAt ?? null,
          digest: digestOf(secret),
          hint: hintOf(secret),
        },
        actorOf(c),
      )
      return c.json({ ...info, token: secret }, 201)
    })
    .add(listTokens, async (c) => {
      const principal = c.get('principal')
      const all = await store.listTokens()
      return c.json({ tokens: isAdmin(principal) ? all : all.filter((t) => owns(principal, t)) })
    })
    .add(revokeToken, async (c) => {
      const { id } = c.req.valid('param')
      const principal = c.get('principal')
      const token = (await store.listTokens()).find((t) => t.id === id)
      if (!isAdmin(principal) && (token === undefined || !owns(principal, token))) forbidden(c)
      if (token === undefined || token.revokedAt !== null) {
        throw new HTTPException(404, { message: `token ${id} not found` })
      }
      await store.revokeKey(id, actorOf(c))
      broker.revokeKey(id)
      return c.body(null, 204)
    })
}
