import { describe, expect, it } from 'vitest'
import {
  normalizeAddress,
  parseProxyEntry,
  resolveSource,
  trustedProxyList,
  type ProxyEntry,
} from './client-source.js'

const list = (...entries: string[]) =>
  trustedProxyList(entries.map((e) => parseProxyEntry(e) as ProxyEntry))

describe('the source of a request', () => {
  it('writes IPv4-mapped IPv6 as IPv4 and refuses what is not an address', () => {
    expect(normalizeAddress('::ffff:127.0.0.2')).toBe('127.0.0.2')
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3')
    expect(normalizeAddress('2001:DB8::1')).toBe('2001:db8::1')
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1')
    for (const bad of ['', 'unknown', '10.0.0.256', '1.2.3.4:80', '::ffff:999.0.0.1']) {
      expect(normalizeAddress(bad)).toBeUndefined()
    }
  })

  it('reads addresses and CIDR networks as trusted proxies, and nothing else', () => {
    expect(parseProxyEntry(' 10.0.0.0/8 ')).toEqual({
      address: '10.0.0.0',
      prefix: 8,
      family: 'ipv4',
    })
    expect(parseProxyEntry('::ffff:10.0.0.0/104')).toEqual({
      address: '10.0.0.0',
      prefix: 8,
      family: 'ipv4',
    })
    expect(parseProxyEntry('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' })
    expect(parseProxyEntry('127.0.0.1')?.prefix).toBe(32)
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/8', 'proxy.local', '::/129']) {
      expect(parseProxyEntry(bad)).toBeUndefined()
    }
  })

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(resolveSource('::ffff:127.0.0.2', '203.0.113.9', list())).toBe('127.0.0.2')
    expect(resolveSource('127.0.0.2', '203.0.113.9', list('127.0.0.5'))).toBe('127.0.0.2')
    expect(resolveSource(undefined, '203.0.113.9', list('127.0.0.5'))).toBe('local')
  })

  it('is the right-most forwarded address that is not a trusted proxy', () => {
    const trusted = list('127.0.0.5', '10.0.0.0/8')
    expect(resolveSource('127.0.0.5', '203.0.113.9', trusted)).toBe('203.0.113.9')
    // The client wrote the left part, so a forged left-most address changes nothing.
    expect(resolveSource('127.0.0.5', '1.1.1.1, 203.0.113.9, 10.0.0.7', trusted)).toBe(
      '203.0.113.9',
    )
    expect(resolveSource('::ffff:127.0.0.5', '[2001:db8::9]:443', trusted)).toBe('2001:db8::9')
    expect(resolveSource('127.0.0.5', '198.51.100.1:8080', trusted)).toBe('198.51.100.1')
  })

  it('stops at the last proxy when a hop is not an address, or when every hop is a proxy', () => {
    const trusted = list('127.0.0.5', '10.0.0.0/8')
    expect(resolveSource('127.0.0.5', 'unknown, 10.0.0.7', trusted)).toBe('10.0.0.7')
    expect(resolveSource('127.0.0.5', '10.0.0.8, 10.0.0.7', trusted)).toBe('10.0.0.8')
    expect(resolveSource('127.0.0.5', '', trusted)).toBe('127.0.0.5')
    expect(resolveSource('127.0.0.5', undefined, trusted)).toBe('127.0.0.5')
  })
})
