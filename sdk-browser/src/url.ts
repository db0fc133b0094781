/**
 * How the SDK reaches the server: the address of an endpoint, with the client key in the
 * query (`EventSource` cannot send headers, and the stream, polling and event posts all name
 * the key the same way), and the `fetch` to use.
 */
import type { BrowserClientOptions } from './types.js'

/**
 * @example sdkUrl('https://flags.example.com/', 'cli_1', '/sdk/v1/flags')
 * // 'https://flags.example.com/sdk/v1/flags?key=cli_1'
 */
export function sdkUrl(baseUrl: string, clientKey: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}?key=${encodeURIComponent(clientKey)}`
}

/**
 * The options' `fetch`, else the page's (bound, as some browsers require); undefined where
 * there is none.
 * @example fetchOf({ baseUrl, clientKey })?.(sdkUrl(baseUrl, clientKey, '/sdk/v1/flags'))
 */
export function fetchOf(options: BrowserClientOptions): typeof fetch | undefined {
  return options.fetch ?? globalThis.fetch?.bind(globalThis)
}
