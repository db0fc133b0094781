/**
 * The address of an SDK endpoint, with the client key in the query: `EventSource` cannot
 * send headers, and the stream, polling and event posts all name the key the same way.
 */

/**
 * @example sdkUrl('https://flags.example.com/', 'cli_1', '/sdk/v1/flags')
 * // 'https://flags.example.com/sdk/v1/flags?key=cli_1'
 */
export function sdkUrl(baseUrl: string, clientKey: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}?key=${encodeURIComponent(clientKey)}`
}
