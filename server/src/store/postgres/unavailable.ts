/** Telling a lost connection from a failed statement. */

const CONNECTION_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
])

/** node-postgres says these in words only, with no code. */
const CONNECTION_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i

/**
 * Errors of the connection rather than of the statement: socket codes, SQLSTATE classes 08 and
 * 57P, node-postgres's messages, found on the error or on its causes (drizzle wraps the driver's).
 */
export function isConnectionError(error: unknown): boolean {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = String((e as { code?: unknown }).code ?? '')
    if (code.startsWith('08') || CONNECTION_CODES.has(code)) return true
    if (e instanceof Error && CONNECTION_MESSAGES.test(e.message)) return true
  }
  return false
}
