/**
 * Routes declared once: an `ApiRoute` names a route's method, path, access, request schemas
 * and answers, and `ApiRouter.add` both registers its Hono handler (behind the request
 * schemas' validators) and keeps the declaration for the OpenAPI document (openapi.ts). A
 * route added any other way is missing from the document, which a test catches.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { z, ZodType } from 'zod'
import type { AppEnv } from './app-env.js'
import { validate, validateParams } from './validate.js'
import { authorizeRoute, type Permission } from '../auth/authorize.js'

export type { Permission }

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** Who may call a route: the key kind its middleware in app.ts accepts. */
export type Access = 'admin' | 'sdk' | 'hook' | 'public'

export interface RequestSchemas {
  params?: ZodType
  query?: ZodType
  headers?: ZodType
  body?: ZodType
}

/** A response header, documented. */
export interface HeaderDoc {
  description: string
  schema?: ZodType
}

export interface ResponseDoc {
  description: string
  /** The JSON body's schema; none for an empty answer. */
  schema?: ZodType
  /** A body that is not JSON (the stream, the metrics): its type, described in words. */
  content?: { type: string; description: string }
  headers?: Record<string, HeaderDoc>
}

export interface ApiRoute<R extends RequestSchemas = RequestSchemas> {
  method: Method
  /** OpenAPI style: `/flags/{key}`, relative to where the router is mounted. */
  path: string
  operationId: string
  summary: string
  description?: string
  tag: string
  access: Access
  /**
   * What the principal needs, on `admin` routes (auth/authorize.ts): checked after the key
   * and before the request's schemas, and said in the document.
   */
  permission?: Permission
  request?: R
  /** Headers read without a schema (`If-None-Match`, `Last-Event-ID`), for the document. */
  headerParams?: { name: string; description: string }[]
  /** Query parameters read without a schema, for the document. */
  queryParams?: { name: string; description: string }[]
  /** The answers of this route's own handler: error answers the middleware gives are added. */
  responses: Record<number, ResponseDoc>
  /** Middleware that runs before validation, such as a tighter body limit. */
  before?: MiddlewareHandler<AppEnv>[]
}

type Out<S> = S extends ZodType ? z.output<S> : never

/** The validated parts of a request, as `c.req.valid(...)` gives them to the handler. */
export interface InputOf<R extends RequestSchemas> {
  out: {
    param: Out<R['params']>
    query: Out<R['query']>
    header: Out<R['headers']>
    json: Out<R['body']>
  }
}

export type RouteHandler<R extends RequestSchemas> = (
  c: Context<AppEnv, string, InputOf<R>>,
) => Response | Promise<Response>

/** Declares a route with its request schemas' types kept, for `add`. */
export const defineRoute = <R extends RequestSchemas>(route: ApiRoute<R>) => route

export class ApiRouter {
  readonly routes: ApiRoute[] = []

  /** Adds to `app`, in the order of the calls, among its other routes and middleware. */
  constructor(readonly app: Hono<AppEnv> = new Hono<AppEnv>()) {}

  add<R extends RequestSchemas>(route: ApiRoute<R>, handler: RouteHandler<R>): this {
    const { params, query, headers, body } = route.request ?? {}
    // The order in which a request's parts are judged: path, headers, query, then the body.
    const validators = [
      params && validateParams(params),
      headers && validate('header', headers),
      query && validate('query', query),
      body && validate('json', body),
    ].filter((v) => v !== undefined) as MiddlewareHandler<AppEnv>[]
    const path = route.path.replace(/\{(\w+)\}/g, ':$1')
    const authorize = route.access === 'admin' ? [authorizeRoute(route)] : []
    this.app.on(
      route.method.toUpperCase(),
      [path],
      ...(route.before ?? []),
      ...authorize,
      ...validators,
      handler as unknown as MiddlewareHandler<AppEnv>,
    )
    this.routes.push(route as ApiRoute)
    return this
  }

  /** Mounts another router's routes under `prefix`, in the app and in the document. */
  mount(prefix: string, child: ApiRouter): this {
    this.app.route(prefix, child.app)
    for (const route of child.routes)
      this.routes.push({ ...route, path: `${prefix}${route.path}`.replace(/\/{2,}/g, '/') })
    return this
  }
}
