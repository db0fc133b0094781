/** The document title of a route, so tabs, history and screen readers name the page. */
import type { Route } from './route.js'

export function pageTitle(route: Route): string {
  switch (route.page) {
    case 'flags':
      return 'Flags · Andon'
    case 'flag':
      return `${route.key}${route.env ? ` in ${route.env}` : ''} · Andon`
    case 'segments':
      return `${route.key ? `${route.key} · ` : ''}Segments · Andon`
    case 'environments':
      return 'Environments and keys · Andon'
    case 'audit':
      return 'Audit log · Andon'
    case 'insights':
      return 'Insights · Andon'
    case 'members':
      return 'Members · Andon'
    case 'tokens':
      return 'Tokens · Andon'
    case 'changes':
      return `${route.env ? `${route.env} · ` : ''}Change requests · Andon`
  }
}
