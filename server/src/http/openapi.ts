/**
 * The OpenAPI 3.1 description of the API at `GET /api/openapi.json`, built from the same zod
 * schemas that validate the requests, so the document can not drift from what is enforced.
 */
import { z, type ZodType } from 'zod'
import {
  auditQuery,
  createEnvironmentBody,
  createFlagBody,
  createKeyBody,
  createSegmentBody,
  evaluateBody,
  patchFlagBody,
  patchFlagConfigBody,
  patchSegmentBody,
} from './schemas.js'
import { alertmanagerBody, guardsBody } from './guard-schemas.js'
import { eventBatchSchema } from '@andon/core'

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  summary: string
  body?: ZodType
  query?: ZodType
  ok: number
  auth: 'admin' | 'sdk' | 'hook' | 'none'
}

const ROUTES: Route[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness', ok: 200, auth: 'none' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', ok: 200, auth: 'none' },
  {
    method: 'get',
    path: '/api/v1/environments',
    summary: 'List environments',
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'post',
    path: '/api/v1/environments',
    summary: 'Create an environment',
    body: createEnvironmentBody,
    ok: 201,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/environments/{env}/keys',
    summary: 'List keys (no secrets)',
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'post',
    path: '/api/v1/environments/{env}/keys',
    summary: 'Create a key; the secret is shown once',
    body: createKeyBody,
    ok: 201,
    auth: 'admin',
  },
  {
    method: 'delete',
    path: '/api/v1/keys/{id}',
    summary: 'Revoke a key; its streams close',
    ok: 204,
    auth: 'admin',
  },
  { method: 'get', path: '/api/v1/flags', summary: 'List flags', ok: 200, auth: 'admin' },
  {
    method: 'post',
    path: '/api/v1/flags',
    summary: 'Create a flag in every environment, off',
    body: createFlagBody,
    ok: 201,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/flags/{key}',
    summary: "A flag's metadata",
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'patch',
    path: '/api/v1/flags/{key}',
    summary: "Change a flag's metadata",
    body: patchFlagBody,
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'delete',
    path: '/api/v1/flags/{key}',
    summary: 'Archive a flag',
    ok: 204,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/flags/{key}/environments/{env}',
    summary: "A flag's config in an environment (ETag: version)",
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'patch',
    path: '/api/v1/flags/{key}/environments/{env}',
    summary: "Change a flag's config (If-Match: version)",
    body: patchFlagConfigBody,
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/flags/{key}/environments/{env}/guards',
    summary: "A flag's guards: state, figures per variation, comparisons, per-minute series",
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'put',
    path: '/api/v1/flags/{key}/environments/{env}/guards',
    summary: "Replace a flag's guards (new windows); sets the flag's metrics",
    body: guardsBody,
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/environments/{env}/segments',
    summary: 'List segments',
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'post',
    path: '/api/v1/environments/{env}/segments',
    summary: 'Create a segment',
    body: createSegmentBody,
    ok: 201,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/environments/{env}/segments/{key}',
    summary: 'A segment',
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'patch',
    path: '/api/v1/environments/{env}/segments/{key}',
    summary: 'Change a segment (If-Match: version)',
    body: patchSegmentBody,
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'delete',
    path: '/api/v1/environments/{env}/segments/{key}',
    summary: 'Delete a segment no flag uses',
    ok: 204,
    auth: 'admin',
  },
  {
    method: 'post',
    path: '/api/v1/environments/{env}/evaluate',
    summary: 'What a context gets, with the reason',
    body: evaluateBody,
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/environments/{env}/payload',
    summary: 'The whole payload of the environment (server view)',
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/environments/{env}/stream',
    summary: 'The server-key view of the stream, for the admin UI',
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    summary: 'The audit log, newest first',
    query: auditQuery,
    ok: 200,
    auth: 'admin',
  },
  {
    method: 'get',
    path: '/sdk/v1/flags',
    summary: "The environment payload of the key's view (ETag: version)",
    ok: 200,
    auth: 'sdk',
  },
  {
    method: 'get',
    path: '/sdk/v1/stream',
    summary: 'Server-Sent Events: put, patch, delete; Last-Event-ID resumes',
    ok: 200,
    auth: 'sdk',
  },
  {
    method: 'post',
    path: '/sdk/v1/events',
    summary: 'Exposures and tracked metrics, once per batch id; the guards decide at once',
    body: eventBatchSchema,
    ok: 202,
    auth: 'sdk',
  },
  {
    method: 'post',
    path: '/hooks/v1/alertmanager',
    summary: "Alertmanager's webhook: a firing alert labelled andon_flag switches the flag off",
    body: alertmanagerBody,
    ok: 200,
    auth: 'hook',
  },
]

const jsonSchema = (schema: ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' })

function operation(route: Route) {
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const query =
    route.query === undefined
      ? []
      : Object.entries(
          (jsonSchema(route.query) as { properties?: Record<string, unknown> }).properties ?? {},
        ).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
  return {
    summary: route.summary,
    security: route.auth === 'none' ? [] : [{ [route.auth]: [] }],
    parameters: [...params, ...query],
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }),
    responses: {
      [route.ok]: { description: 'success' },
      ...(route.auth === 'none'
        ? {}
        : {
            401: { description: 'missing or unknown key' },
            403: { description: 'wrong kind of key' },
            429: { description: 'too many failed authentications' },
          }),
      ...(route.body === undefined ? {} : { 422: { description: 'invalid request, with issues' } }),
    },
  }
}

export function openApiDocument(): unknown {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route)
  return {
    openapi: '3.1.0',
    info: { title: 'Andon', version: '1', description: 'Feature flags: admin API and SDK API.' },
    components: {
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'an admin token (adm_...)' },
        sdk: {
          type: 'http',
          scheme: 'bearer',
          description: 'a server (srv_...) or client (cli_...) key',
        },
        hook: {
          type: 'http',
          scheme: 'bearer',
          description: "a hook key (hook_...) of the alert's environment",
        },
      },
    },
    paths,
  }
}
