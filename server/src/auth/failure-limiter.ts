/**
 * Counts failed authentications per source over a sliding minute. Past the limit, the source's
 * failures are answered 429 instead of 401 until its old failures age out. It never refuses a
 * valid key (authenticate.ts checks the key first): behind a NAT or a proxy, one broken client
 * must not lock out every other one.
 */
export interface FailureLimiter {
  blocked(source: string): boolean
  fail(source: string): void
  /** Seconds until the source may fail again without a 429; at least 1 when it is blocked. */
  retryAfter(source: string): number
}

export interface FailureLimiterOptions {
  now: () => number
  limit?: number
  windowMs?: number
  /** Sources tracked at most; the oldest is forgotten first, so memory stays bounded. */
  maxSources?: number
}

/**
 * The bucket of a source: an IPv6 host usually holds a whole /64, so its addresses share one
 * bucket; anything else counts alone.
 */
export function bucketOf(source: string): string {
  if (!source.includes(':')) return source
  const [head = '', tail] = source.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  // `::` stands for the zero groups that make eight; an embedded IPv4 tail counts as two.
  const missing =
    tail === undefined ? 0 : 8 - left.length - right.length - (/\./.test(source) ? 1 : 0)
  const groups = [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right]
  const prefix = groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16))
  return prefix.length === 4 && !prefix.includes('NaN') ? `${prefix.join(':')}::/64` : source
}

export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const limit = options.limit ?? 20
  const windowMs = options.windowMs ?? 60_000
  const maxSources = options.maxSources ?? 100_000
  const failures = new Map<string, number[]>()

  function recent(bucket: string): number[] {
    const list = failures.get(bucket)
    if (list === undefined) return []
    const since = options.now() - windowMs
    while (list.length > 0 && (list[0] as number) <= since) list.shift()
    if (list.length === 0) failures.delete(bucket)
    return list
  }

  return {
    blocked: (source) => recent(bucketOf(source)).length > limit,
    fail(source) {
      const bucket = bucketOf(source)
      const list = recent(bucket)
      if (list.length === 0) {
        if (failures.size >= maxSources) {
          const oldest = failures.keys().next().value
          if (oldest !== undefined) failures.delete(oldest)
        }
        failures.set(bucket, list)
      }
      // Beyond the limit only the count matters; keep the list from growing without bound.
      if (list.length <= limit) list.push(options.now())
      else list[list.length - 1] = options.now()
    },
    retryAfter(source) {
      const first = recent(bucketOf(source))[0]
      if (first === undefined) return 0
      return Math.max(1, Math.ceil((first + windowMs - options.now()) / 1000))
    },
  }
}
