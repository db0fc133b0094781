/**
 * The OpenAPI 3.1 document at `GET /api/openapi.json`, built from the routes as they are
 * registered (api-router.ts): the zod schemas that validate a request describe it, and each
 * route's declared answers join those that the middleware in front of it gives (401, 403 and
 * 429 from authentication, 413 from the body limits, 422 from validation, 503 while the
 * database is away).
 */
import type { ZodType } from 'zod'
import type { Access, ApiRoute, Permission, ResponseDoc } from './api-router.js'
import { errorAnswer, refusalAnswer } from './answer-schemas.js'
import { SchemaComponents } from './json-schema.js'
import { MAX_ADMIN_BODY_BYTES, MAX_SDK_BODY_BYTES } from './body-limits.js'

type Json = Record<string, unknown>

const SECURITY_SCHEMES = {
  admin: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A token of the admin API (`tok_...`, or the first admin token `adm_...`) in `Authorization: Bearer`. What it may do is its scopes: each operation says what it needs, and a 403 says what is missing.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'andon_session',
    description:
      "The admin UI's session (`POST /api/v1/session`). Every request but GET and HEAD repeats the session's `csrfToken` in `X-CSRF-Token`.",
  },
  sdk: {
    type: 'http',
    scheme: 'bearer',
    description: 'A server (`srv_...`) or client (`cli_...`) key in `Authorization: Bearer`.',
  },
  sdkQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'key',
    description:
      "A client key in `?key=`, for browsers' EventSource, which can not set headers. A server key here is refused with 403: URLs end up in logs.",
  },
  hook: {
    type: 'http',
    scheme: 'bearer',
    description: "A hook key (`hook_...`) of the alerts' environment in `Authorization: Bearer`.",
  },
}

const SECURITY: Record<Access, Json[]> = {
  admin: [{ admin: [] }, { session: [] }],
  sdk: [{ sdk: [] }, { sdkQuery: [] }],
  hook: [{ hook: [] }],
  public: [],
}

const TAGS = [
  { name: 'environments', description: 'Environments and their keys.' },
  { name: 'tokens', description: 'Tokens of the admin API, with scopes.' },
  { name: 'people', description: 'Signing in, members, and their sessions.' },
  { name: 'flags', description: "Flags: metadata, each environment's config, and guards." },
  { name: 'segments', description: 'Segments of one environment.' },
  { name: 'tools', description: 'Evaluation previews, payloads, the admin stream, the audit log.' },
  { name: 'sdk', description: 'What SDKs call with a server or client key.' },
  { name: 'hooks', description: 'Webhooks of outside monitoring, with a hook key.' },
  { name: 'operations', description: 'Health and metrics, without a key.' },
]

const errorContent = (schemas: SchemaComponents) => ({
  'application/json': { schema: schemas.convert(errorAnswer, 'output') },
})

/** Error answers shared by many operations, in `components.responses`. */
function sharedResponses(schemas: SchemaComponents): Record<string, Json> {
  const error = (description: string, headers?: Json) => ({
    description,
    ...(headers === undefined ? {} : { headers }),
    content: errorContent(schemas),
  })
  const header = (description: string, type: 'string' | 'integer') => ({
    description,
    schema: { type },
  })
  return {
    MalformedJson: error('The body is not JSON.'),
    Unauthorized: error('The key is missing, unknown, revoked, or (a token) expired.', {
      'WWW-Authenticate': header('`Bearer`', 'string'),
    }),
    Forbidden: error('The key is of a kind that may not do this (or a server key in `?key=`).'),
    Refused: {
      description:
        'The token lacks what this operation needs (see its description): `needs` says what is missing. Or the key is of a kind that may not call it (no `needs`).',
      content: { 'application/json': { schema: schemas.convert(refusalAnswer, 'output') } },
    },
    TooLarge: error('The body is larger than the limit of its route.'),
    Invalid: error('The request is not valid: `issues` says where and why.'),
    TooManyRequests: error(
      'Too many failed authentications from this source; a valid key is still served.',
      { 'Retry-After': header('seconds to wait', 'integer') },
    ),
    InternalError: error('An unexpected error; the server logged it.'),
    Unavailable: error(
      'The database is away (PostgreSQL restarting or unreachable): retry shortly. Cached SDK payloads and open streams are still served.',
      { 'Retry-After': header('seconds to wait', 'integer') },
    ),
  }
}

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` })

/** The answers that middleware gives in front of a route. */
function middlewareResponses(route: ApiRoute): Record<number, Json> {
  const out: Record<number, Json> = {}
  const request = route.request ?? {}
  if (request.body !== undefined) out[400] = ref('MalformedJson')
  if (route.access !== 'public') {
    out[401] = ref('Unauthorized')
    out[403] = ref(route.access === 'admin' ? 'Refused' : 'Forbidden')
  }
  if (request.body !== undefined) out[413] = ref('TooLarge')
  if (Object.values(request).some((s) => s !== undefined)) out[422] = ref('Invalid')
  if (route.access !== 'public') out[429] = ref('TooManyRequests')
  out[500] = ref('InternalError')
  // Every route but /healthz (which documents its own 503) may find the database away.
  if (route.path !== '/healthz') out[503] = ref('Unavailable')
  return out
}

function response(doc: ResponseDoc, schemas: SchemaComponents): Json {
  const headers = Object.entries(doc.headers ?? {}).map(([name, h]) => [
    name,
    {
      description: h.description,
      schema: h.schema === undefined ? { type: 'string' } : schemas.convert(h.schema, 'output'),
    },
  ])
  const content =
    doc.schema !== undefined
      ? { 'application/json': { schema: schemas.convert(doc.schema, 'output') } }
      : doc.content !== undefined
        ? {
            [doc.content.type]: {
              schema: { type: 'string', description: doc.content.description },
            },
          }
        : undefined
  return {
    description: doc.description,
    ...(headers.length === 0 ? {} : { headers: Object.fromEntries(headers) }),
    ...(content === undefined ? {} : { content }),
  }
}

/** `if-match` as `If-Match`: the way people write the headers that a schema names. */
const headerName = (key: string) =>
  key.replace(/(^|-)([a-z])/g, (_m, dash, c) => dash + c.toUpperCase())

function parameters(route: ApiRoute, schemas: SchemaComponents): Json[] {
  const from = (schema: ZodType | undefined, where: 'path' | 'query' | 'header') => {
    if (schema === undefined) return []
    const json = schemas.convert(schema, 'input') as {
      properties?: Record<string, Json>
      required?: string[]
    }
    return Object.entries(json.properties ?? {}).map(([name, s]) => ({
      name: where === 'header' ? headerName(name) : name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
      schema: s,
    }))
  }
  const extra = (list: { name: string; description: string }[] | undefined, where: string) =>
    (list ?? []).map((p) => ({ ...p, in: where, required: false, schema: { type: 'string' } }))
  return [
    ...from(route.request?.params, 'path'),
    ...from(route.request?.query, 'query'),
    ...extra(route.queryParams, 'query'),
    ...from(route.request?.headers, 'header'),
    ...extra(route.headerParams, 'header'),
  ]
}

function bodyLimitOf(route: ApiRoute): string {
  const bytes = route.access === 'sdk' ? MAX_SDK_BODY_BYTES : MAX_ADMIN_BODY_BYTES
  return `At most ${bytes} bytes.`
}

/** What a permission needs, in words, for the operation's description. */
function needsOf(permission: Permission | undefined): string | undefined {
  if (permission === undefined) return undefined
  if (typeof permission === 'object') {
    return `Needs the editor role in \`{env}\` (scope \`write:{env}\`), except to switch a flag off, with ${permission.kills}: that is \`kill\`, which every member may do anywhere (a token: scope \`kill\` or \`write:{env}\`).`
  }
  return {
    read: 'Needs: read (every member; any token scope).',
    write: 'Needs the editor role in `{env}` (scope `write:{env}`).',
    define: 'Needs the editor role in at least one environment (a `write:` scope).',
    archive: 'Needs the editor role in every environment (`write:` of each).',
    admin: 'Needs the admin role (scope `admin`).',
    own: 'Any token: an admin acts on every token, anyone else on their own.',
  }[permission]
}

/** The permission as a value for tools: `x-andon-permission`. */
const permissionValue = (permission: Permission) =>
  typeof permission === 'object' ? 'kill-or-write' : permission

function operation(route: ApiRoute, schemas: SchemaComponents): Json {
  const own = Object.fromEntries(
    Object.entries(route.responses).map(([status, doc]) => [status, response(doc, schemas)]),
  )
  const responses = { ...middlewareResponses(route), ...own }
  const ordered = Object.fromEntries(
    Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)),
  )
  const params = parameters(route, schemas)
  const body = route.request?.body
  const description = [route.description, needsOf(route.permission)].filter((d) => d !== undefined)
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(description.length === 0 ? {} : { description: description.join('\n\n') }),
    tags: [route.tag],
    security: SECURITY[route.access],
    ...(route.permission === undefined
      ? {}
      : { 'x-andon-permission': permissionValue(route.permission) }),
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            description: bodyLimitOf(route),
            content: { 'application/json': { schema: schemas.convert(body, 'input') } },
          },
        }),
    responses: ordered,
  }
}

function build(routes: readonly ApiRoute[]): Json {
  const schemas = new SchemaComponents()
  const responses = sharedResponses(schemas)
  const paths: Record<string, Record<string, Json>> = {}
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route, schemas)
  return {
    tags: TAGS,
    paths,
    components: { schemas: schemas.schemas, responses, securitySchemes: SECURITY_SCHEMES },
  }
}

/**
 * The document of `routes`, built on first use: by then the app has added all of them. Its
 * `servers` entry is the origin the document was asked from.
 */
export function openApiDocument(routes: readonly ApiRoute[]) {
  let built: Json | undefined
  return {
    servedFrom(origin: string): Json {
      built ??= build(routes)
      return {
        openapi: '3.1.0',
        info: {
          title: 'Andon',
          version: '1',
          description:
            'Feature flags with an immune system: the admin API (`/api/v1`), the SDK API (`/sdk/v1`) and the hooks of outside monitoring (`/hooks/v1`). Generated from the routes and the zod schemas that validate them.',
          license: { name: 'MIT', identifier: 'MIT' },
        },
        servers: [{ url: origin, description: 'this server' }],
        ...built,
      }
    },
  }
}
