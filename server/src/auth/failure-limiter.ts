/**
 * Counts failed authentications per client address over a sliding minute, so that guessing
 * keys is slow: past the limit, an address gets 429 until its old failures age out.
 */
export interface FailureLimiter {
  blocked(address: string): boolean
  fail(address: string): void
  /** Seconds until the address may try again. */
  retryAfter(address: string): number
}

export interface FailureLimiterOptions {
  now: () => number
  limit?: number
  windowMs?: number
  /** Addresses tracked at most; the oldest is forgotten first, so memory stays bounded. */
  maxAddresses?: number
}

export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const limit = options.limit ?? 20
  const windowMs = options.windowMs ?? 60_000
  const maxAddresses = options.maxAddresses ?? 100_000
  const failures = new Map<string, number[]>()

  function recent(address: string): number[] {
    const list = failures.get(address)
    if (list === undefined) return []
    const since = options.now() - windowMs
    while (list.length > 0 && (list[0] as number) <= since) list.shift()
    if (list.length === 0) failures.delete(address)
    return list
  }

  return {
    blocked: (address) => recent(address).length > limit,
    fail(address) {
      const list = recent(address)
      if (list.length === 0) {
        if (failures.size >= maxAddresses) {
          const oldest = failures.keys().next().value
          if (oldest !== undefined) failures.delete(oldest)
        }
        failures.set(address, list)
      }
      // Beyond the limit only the count matters; keep the list from growing without bound.
      if (list.length <= limit) list.push(options.now())
      else list[list.length - 1] = options.now()
    },
    retryAfter(address) {
      const first = recent(address)[0]
      return first === undefined ? 0 : Math.ceil((first + windowMs - options.now()) / 1000)
    },
  }
}
