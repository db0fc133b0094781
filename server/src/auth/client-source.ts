/**
 * The source of a request: the address that failed-login limits and the trust of events count
 * by. It is the connection's peer, or, when that peer is a trusted proxy (ANDON_TRUSTED_PROXIES),
 * the right-most address of `X-Forwarded-For` that is not itself a trusted proxy: everything
 * left of that was written by the client and proves nothing.
 */
import { BlockList, isIP } from 'node:net'
import type { MiddlewareHandler } from 'hono'
import { peerAddress, type AppEnv } from '../http/app-env.js'

/** One entry of ANDON_TRUSTED_PROXIES: an address, or a network in CIDR notation. */
export interface ProxyEntry {
  address: string
  prefix: number
  family: 'ipv4' | 'ipv6'
}

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i

/**
 * An IP address in one spelling per host: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, what a dual-stack
 * socket reports for an IPv4 client) as IPv4, IPv6 in lower case. Undefined for anything else.
 */
export function normalizeAddress(text: string): string | undefined {
  const address = text.trim().replace(/%.*$/, '')
  const mapped = MAPPED_IPV4.exec(address)?.[1]
  if (mapped !== undefined && isIP(mapped) === 4) return mapped
  if (isIP(address) === 4) return address
  if (isIP(address) === 6) return address.toLowerCase()
  return undefined
}

/** An entry of ANDON_TRUSTED_PROXIES (`10.0.0.1`, `10.0.0.0/8`, `fd00::/8`), or undefined. */
export function parseProxyEntry(text: string): ProxyEntry | undefined {
  const [raw = '', bits, ...rest] = text.trim().split('/')
  if (rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return undefined
  const address = normalizeAddress(raw)
  if (address === undefined) return undefined
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6'
  const max = family === 'ipv4' ? 32 : 128
  // A mapped network (`::ffff:10.0.0.0/104`) names IPv4 hosts, which are normalized to IPv4.
  const shift = MAPPED_IPV4.test(raw.trim()) ? 96 : 0
  const prefix = bits === undefined ? max : Number(bits) - shift
  if (prefix < 0 || prefix > max) return undefined
  return { address, prefix, family }
}

export function trustedProxyList(entries: readonly ProxyEntry[]): BlockList {
  const list = new BlockList()
  for (const e of entries) list.addSubnet(e.address, e.prefix, e.family)
  return list
}

/** One hop of `X-Forwarded-For`, which proxies write as `1.2.3.4`, `1.2.3.4:80` or `[::1]:80`. */
function hopAddress(hop: string): string | undefined {
  const text = hop.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text)?.[1]
  if (bracketed !== undefined) return normalizeAddress(bracketed)
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(text)?.[1]
  return normalizeAddress(withPort ?? text)
}

const familyOf = (address: string) => (isIP(address) === 4 ? 'ipv4' : 'ipv6')

/**
 * The source of a request from `peer` with the given `X-Forwarded-For`. Hops are read from the
 * right while the address so far is a trusted proxy; a hop that is not an address ends the walk,
 * leaving the last proxy as the source, the most that can be vouched for.
 */
export function resolveSource(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: BlockList,
): string {
  if (peer === undefined) return 'local'
  let source = normalizeAddress(peer) ?? peer
  const hops = forwardedFor?.split(',') ?? []
  for (let i = hops.length - 1; i >= 0; i--) {
    if (isIP(source) === 0 || !trusted.check(source, familyOf(source))) break
    const hop = hopAddress(hops[i] as string)
    if (hop === undefined) break
    source = hop
  }
  return source
}

/** Sets each request's source once, for `clientAddress(c)`. */
export function resolveSources(trusted: BlockList): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('source', resolveSource(peerAddress(c), c.req.header('X-Forwarded-For'), trusted))
    await next()
  }
}
