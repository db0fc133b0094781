/**
 * Serves the admin UI's built files (admin-ui/dist) at `/`, with index.html for any other
 * GET that is not an API path (the UI routes in the browser), and headers that keep the page
 * from running injected scripts. Without a build, `/` says how to make one.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import type { Context } from 'hono'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
}

export function serveUi(dir: string | null) {
  const root = dir !== null && existsSync(join(dir, 'index.html')) ? normalize(dir) : null
  return (c: Context) => {
    if (root === null) {
      return c.text('The admin UI is not built: run npm run build.', 200, SECURITY_HEADERS)
    }
    let path = c.req.path
    try {
      path = decodeURIComponent(path)
    } catch {
      // a malformed escape names no file: the index answers
    }
    const wanted = normalize(join(root, path))
    const inside = wanted.startsWith(root + sep)
    const file =
      inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(root, 'index.html')
    const type = TYPES[extname(file)] ?? 'application/octet-stream'
    // Hashed assets never change; index.html must be fetched again to find new ones.
    const cache = file.includes(`${sep}assets${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache'
    return c.body(readFileSync(file), 200, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Cache-Control': cache,
    })
  }
}
