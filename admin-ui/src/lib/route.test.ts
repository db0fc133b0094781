import { describe, expect, it } from 'vitest'
import { parseRoute, routeHref, type Route } from './route.js'

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { page: 'flags' }],
    ['#/flags', { page: 'flags' }],
    ['#/flags/new-checkout', { page: 'flag', key: 'new-checkout', env: undefined }],
    ['#/flags/a.b/production', { page: 'flag', key: 'a.b', env: 'production' }],
    ['#/segments/production/beta', { page: 'segments', env: 'production', key: 'beta' }],
    ['#/environments', { page: 'environments' }],
    ['#/audit', { page: 'audit' }],
    ['#/members', { page: 'members' }],
    ['#/tokens', { page: 'tokens' }],
    ['#/changes', { page: 'changes', env: undefined }],
    ['#/changes/production', { page: 'changes', env: 'production' }],
    ['#/nowhere', { page: 'flags' }],
  ])('reads %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route)
  })

  it('round-trips hrefs', () => {
    const route: Route = { page: 'flag', key: 'x_1', env: 'staging' }
    expect(parseRoute(routeHref(route))).toEqual(route)
  })
})
