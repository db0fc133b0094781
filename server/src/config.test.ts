import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

describe('settings', () => {
  it('trust no proxy by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([])
  })

  it('read ANDON_TRUSTED_PROXIES as addresses and CIDR networks', () => {
    const config = loadConfig({ ANDON_TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,,fd00::/8' })
    expect(config.trustedProxies).toEqual([
      { address: '10.0.0.1', prefix: 32, family: 'ipv4' },
      { address: '172.16.0.0', prefix: 12, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
    ])
  })

  it('refuse a proxy entry that is not an address, naming it', () => {
    expect(() => loadConfig({ ANDON_TRUSTED_PROXIES: '10.0.0.1,proxy.internal' })).toThrow(
      /ANDON_TRUSTED_PROXIES: not an IP address or CIDR: proxy.internal/,
    )
  })

  it('use SQLite unless ANDON_DATABASE_URL names a PostgreSQL database', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined()
    const config = loadConfig({
      ANDON_DATABASE_URL: 'postgres://andon@db.internal:5432/andon',
      ANDON_DATABASE_POOL: '25',
    })
    expect(config.databaseUrl).toBe('postgres://andon@db.internal:5432/andon')
    expect(config.databasePool).toBe(25)
    expect(() => loadConfig({ ANDON_DATABASE_URL: 'mysql://db/andon' })).toThrow(
      /ANDON_DATABASE_URL: must be a postgres/,
    )
  })
})
