/**
 * The interactive API reference at `/api/docs`: Swagger UI from the swagger-ui-dist package,
 * served by this server (no CDN) under the admin UI's Content-Security-Policy. The page runs
 * no inline script: its start-up is a file of its own, and it reads `/api/openapi.json`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import { SECURITY_HEADERS } from './static-ui.js'

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Andon API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`

// No validator badge: it would load an image from swagger.io, which the policy refuses.
const START = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
})
`

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const

export function apiDocs() {
  // Read on first use: most apps (every test's) never show the reference.
  let files: Map<string, { body: Buffer; type: string }> | undefined
  const load = () => {
    const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
    return new Map(
      Object.entries(ASSETS).map(([name, type]) => [
        name,
        { body: readFileSync(join(dist, name)), type },
      ]),
    )
  }
  const app = new Hono()
  const send = (body: string | Uint8Array<ArrayBuffer>, type: string, cache = 'no-cache') =>
    new Response(body, {
      headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache },
    })
  app.get('/', () => send(PAGE, 'text/html; charset=utf-8'))
  app.get('/start.js', () => send(START, 'text/javascript; charset=utf-8'))
  app.get('/:file', (c) => {
    const file = (files ??= load()).get(c.req.param('file'))
    if (file === undefined) return c.json({ error: 'not found' }, 404)
    return send(file.body as Uint8Array<ArrayBuffer>, file.type, 'public, max-age=3600')
  })
  return app
}
