/**
 * `createApp({ store, broker })`: the Hono app with every route. It holds no globals, so
 * tests build one on an in-memory database and call `app.request()`, with a fake webhook.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Store } from './store/store.js'
import { StoreError, StoreUnavailable } from './store/store-error.js'
import type { StreamBroker } from './stream/broker.js'
import { createPayloadCache } from './stream/payload-cache.js'
import type { AppEnv } from './http/app-env.js'
import { MAX_ADMIN_BODY_BYTES, MAX_SDK_BODY_BYTES, limitBody } from './http/body-limits.js'
import type { Deps } from './http/deps.js'
import { createMetrics } from './http/metrics.js'
import { openApiDocument } from './http/openapi.js'
import { serveUi } from './http/static-ui.js'
import { ApiRouter } from './http/api-router.js'
import { apiDocs } from './http/api-docs.js'
import { authenticate } from './auth/authenticate.js'
import { authenticateAdmin } from './auth/admin-auth.js'
import { createUsageRecorder } from './auth/usage.js'
import { tokenRoutes } from './routes/tokens.js'
import { sessionRoutes, type SignInDeps } from './routes/session.js'
import { memberRoutes } from './routes/members.js'
import { changeRequestRoutes } from './routes/change-requests.js'
import { DEFAULT_SESSION_HOURS } from './auth/sessions.js'
import { createFailureLimiter } from './auth/failure-limiter.js'
import { resolveSources, trustedProxyList, type ProxyEntry } from './auth/client-source.js'
import { environmentRoutes } from './routes/environments.js'
import { flagRoutes } from './routes/flags.js'
import { segmentRoutes } from './routes/segments.js'
import { evaluateAuditRoutes } from './routes/evaluate-audit.js'
import { sdkRoutes } from './routes/sdk.js'
import { adminStreamRoutes, sdkStreamRoutes } from './routes/stream-routes.js'
import { operationRoutes } from './routes/operations.js'
import { eventRoutes } from './routes/events.js'
import { guardRoutes } from './routes/guards.js'
import { releaseRoutes } from './routes/releases.js'
import { insightsRoutes } from './routes/insights.js'
import { ofrepRoutes } from './routes/ofrep.js'
import { EVENT_STREAM_PATH } from './ofrep/ofrep-event-stream.js'
import { startReleaseTicker } from './release/ticker.js'
import { alertmanagerRoutes } from './routes/alertmanager.js'
import type { WebhookSender } from './guard/webhook.js'

export interface AppOptions {
  store: Store
  broker: StreamBroker
  /** Milliseconds since the epoch. */
  clock?: () => number
  /** The admin UI's build folder; null serves a note saying how to build it. */
  uiDir?: string | null
  /** Where unexpected errors are reported. */
  logError?: (error: unknown) => void
  /** Tells the team of the guard's decisions and alerts (ANDON_WEBHOOK_URL); none by default. */
  webhook?: WebhookSender
  /**
   * How often release plans may move by time (release/ticker.ts). None by default: tests that
   * move a clock call `store.advanceReleases()` themselves; `npm start` ticks every second.
   */
  releaseTickMs?: number
  /** Peers whose `X-Forwarded-For` names the client (ANDON_TRUSTED_PROXIES); none by default. */
  trustedProxies?: readonly ProxyEntry[]
  /** Single sign-on (ANDON_OIDC_*); none by default. */
  sso?: SignInDeps['sso']
  /** How long an admin UI session lasts (ANDON_SESSION_HOURS). */
  sessionHours?: number
}

/** Every 429 says when to come back; one that forgot gets the limiter's window. */
const retryAfterOn429: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (c.res.status === 429 && !c.res.headers.has('Retry-After')) {
    c.res.headers.set('Retry-After', '60')
  }
}

const STATUS: Record<StoreError['kind'], ContentfulStatusCode> = {
  not_found: 404,
  conflict: 409,
  stale: 412,
  invalid: 422,
}

export function createApp(options: AppOptions) {
  const now = options.clock ?? Date.now
  const metrics = createMetrics()
  const logError = options.logError ?? ((e: unknown) => console.error(e))
  const webhook = options.webhook
  const deps: Deps = {
    store: options.store,
    broker: options.broker,
    payloads: createPayloadCache(options.store),
    now,
    tell: (payload) => {
      if (webhook === undefined) return
      Promise.resolve()
        .then(() => webhook(payload))
        .catch((e: unknown) => logError(new Error('the webhook failed', { cause: e })))
    },
    counters: metrics.counters,
  }
  if (options.releaseTickMs !== undefined) {
    startReleaseTicker(options.store, deps.tell, logError, options.releaseTickMs)
  }

  const limiter = createFailureLimiter({ now })
  const app = new Hono<AppEnv>()

  app.onError((err, c) => {
    if (err instanceof StoreError) {
      const body =
        err.issues.length > 0 ? { error: err.message, issues: err.issues } : { error: err.message }
      return c.json(body, STATUS[err.kind])
    }
    if (err instanceof StoreUnavailable) {
      return c.json({ error: err.message }, 503, { 'Retry-After': '2' })
    }
    if (err instanceof HTTPException) {
      return err.res ?? c.json({ error: err.message }, err.status)
    }
    logError(err)
    return c.json({ error: 'internal error' }, 500)
  })
  app.notFound((c) => c.json({ error: 'not found' }, 404))
  app.use('*', metrics.middleware)
  app.use('*', resolveSources(trustedProxyList(options.trustedProxies ?? [])))
  app.use('*', retryAfterOn429)

  // Every route of the API is added through `api`, which keeps it for the OpenAPI document.
  const api = new ApiRouter(app)
  api.mount('/', operationRoutes(deps, metrics))
  const document = openApiDocument(api.routes)
  app.get('/api/openapi.json', (c) => c.json(document.servedFrom(new URL(c.req.url).origin)))
  app.route('/api/docs', apiDocs())

  const recordUse = createUsageRecorder(deps.store, now, logError)
  // Who asks (a token, or a person's session), for each route's permission check
  // (auth/authorize.ts) and the audit log.
  app.use(
    '/api/v1/*',
    authenticateAdmin({ store: deps.store, limiter, now, onTokenUse: recordUse }),
  )
  app.use('/api/v1/*', async (c, next) => {
    c.set('environmentKeys', async () => (await deps.store.listEnvironments()).map((e) => e.key))
    await next()
  })
  // After authentication, so that only a known key can make the server buffer a chunked body.
  app.use('/api/v1/*', limitBody(MAX_ADMIN_BODY_BYTES))
  api.mount(
    '/api/v1',
    sessionRoutes({
      ...deps,
      limiter,
      sso: options.sso ?? null,
      sessionHours: options.sessionHours ?? DEFAULT_SESSION_HOURS,
    }),
  )
  api.mount('/api/v1', memberRoutes(deps))
  api.mount('/api/v1', changeRequestRoutes(deps))
  api.mount('/api/v1', adminStreamRoutes(deps))
  api.mount('/api/v1', environmentRoutes(deps))
  api.mount('/api/v1', tokenRoutes(deps))
  api.mount('/api/v1', flagRoutes(deps))
  api.mount('/api/v1', segmentRoutes(deps))
  api.mount('/api/v1', evaluateAuditRoutes(deps))
  api.mount('/api/v1', guardRoutes(deps))
  api.mount('/api/v1', releaseRoutes(deps))
  api.mount('/api/v1', insightsRoutes(deps))
  app.all('/api/*', (c) => c.json({ error: 'not found' }, 404))

  const sdkCors = cors({
    origin: '*',
    allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'If-None-Match'],
    exposeHeaders: ['ETag'],
  })
  // An open stream is written on the raw Node response, which a header-setting middleware
  // would try to copy into a new Response; the stream sets its own CORS header instead.
  app.use('/sdk/*', (c, next) =>
    c.req.method === 'GET' && c.req.path === '/sdk/v1/stream' ? next() : sdkCors(c, next),
  )
  app.use(
    '/sdk/v1/*',
    authenticate({ store: deps.store, limiter, kinds: ['server', 'client'], queryKey: true }),
  )
  app.use('/sdk/v1/*', limitBody(MAX_SDK_BODY_BYTES))
  api.mount('/sdk/v1', sdkStreamRoutes(deps))
  api.mount('/sdk/v1', sdkRoutes(deps))
  api.mount('/sdk/v1', eventRoutes(deps))

  app.use(
    '/hooks/v1/*',
    authenticate({ store: deps.store, limiter, kinds: ['hook'], queryKey: false }),
  )
  app.use('/hooks/v1/*', limitBody(MAX_ADMIN_BODY_BYTES))
  // OpenFeature's remote evaluation protocol: SDK keys, as Bearer or X-API-Key, CORS for pages.
  // Its event stream, like the SDK stream, sets its own CORS header and takes a client key in
  // `?key=`, for EventSource.
  const ofrepCors = cors({
    origin: '*',
    allowHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'If-None-Match'],
    exposeHeaders: ['ETag'],
  })
  const isOfrepStream = (c: Context<AppEnv>) =>
    c.req.method === 'GET' && c.req.path === EVENT_STREAM_PATH
  app.use('/ofrep/*', async (c, next) => {
    if (isOfrepStream(c)) return next()
    if (c.req.method === 'OPTIONS') return ofrepCors(c, next)
    // What cors() adds to an answer, added once the answer is made: cors() sets them on a
    // response before the route runs, which makes Node's adapter build every answer twice.
    await next()
    c.res.headers.set('Access-Control-Allow-Origin', '*')
    c.res.headers.set('Access-Control-Expose-Headers', 'ETag')
  })
  const ofrepAuth = (queryKey: boolean) =>
    authenticate({
      store: deps.store,
      limiter,
      kinds: ['server', 'client'],
      queryKey,
      apiKeyHeader: true,
    })
  const [ofrepHeaderAuth, ofrepStreamAuth] = [ofrepAuth(false), ofrepAuth(true)]
  app.use('/ofrep/v1/*', (c, next) =>
    isOfrepStream(c) ? ofrepStreamAuth(c, next) : ofrepHeaderAuth(c, next),
  )
  app.use('/ofrep/v1/*', limitBody(MAX_SDK_BODY_BYTES))
  api.mount('/ofrep/v1', ofrepRoutes(deps))
  api.mount('/hooks/v1', alertmanagerRoutes(deps))
  app.all('/hooks/*', (c) => c.json({ error: 'not found' }, 404))

  app.get('*', serveUi(options.uiDir ?? null))
  return app
}

export type App = ReturnType<typeof createApp>
