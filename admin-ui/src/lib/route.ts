/** Hash routes of the app: the server serves one index.html, so navigation stays in the hash. */

export type Route =
  | { page: 'flags' }
  | { page: 'flag'; key: string; env?: string }
  | { page: 'segments'; env?: string; key?: string }
  | { page: 'environments' }
  | { page: 'audit' }
  | { page: 'insights' }
  | { page: 'members' }
  | { page: 'tokens' }
  /** Change requests of environments that require approval; one environment, or each. */
  | { page: 'changes'; env?: string }

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#?\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p))
  const [first, second, third] = parts
  if (first === 'flags' && second) return { page: 'flag', key: second, env: third }
  if (first === 'segments') return { page: 'segments', env: second, key: third }
  if (first === 'environments') return { page: 'environments' }
  if (first === 'audit') return { page: 'audit' }
  if (first === 'insights') return { page: 'insights' }
  if (first === 'members') return { page: 'members' }
  if (first === 'tokens') return { page: 'tokens' }
  if (first === 'changes') return { page: 'changes', env: second }
  return { page: 'flags' }
}

export function routeHref(route: Route): string {
  const e = encodeURIComponent
  switch (route.page) {
    case 'flags':
      return '#/flags'
    case 'flag':
      return `#/flags/${e(route.key)}${route.env ? `/${e(route.env)}` : ''}`
    case 'segments':
      return `#/segments${route.env ? `/${e(route.env)}` : ''}${route.key ? `/${e(route.key)}` : ''}`
    case 'environments':
      return '#/environments'
    case 'audit':
      return '#/audit'
    case 'insights':
      return '#/insights'
    case 'members':
      return '#/members'
    case 'tokens':
      return '#/tokens'
    case 'changes':
      return `#/changes${route.env ? `/${e(route.env)}` : ''}`
  }
}
