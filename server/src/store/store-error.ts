/**
 * Expected failures of a store write, as values the HTTP layer maps to status codes:
 * not_found 404, conflict 409, stale 412 (If-Match), invalid 422 (with issues).
 */
export type StoreErrorKind = 'not_found' | 'conflict' | 'stale' | 'invalid'

export interface Issue {
  path: (string | number)[]
  message: string
}

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

export const notFound = (what: string) => new StoreError('not_found', `${what} not found`)
export const invalid = (issues: Issue[]) =>
  new StoreError('invalid', 'the request is not valid', issues)

/**
 * The database is away (restarting, unreachable): what is cached is still served, everything
 * else answers 503 with `Retry-After` until it is back.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('the database is unavailable; retry shortly', { cause })
    this.name = 'StoreUnavailable'
  }
}
