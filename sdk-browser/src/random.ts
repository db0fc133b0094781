/**
 * Random identifiers: anonymous visitor keys and event batch ids. 128 bits from
 * `crypto.getRandomValues`, which every browser has, secure context or not (`randomUUID`
 * needs one), as has every runtime the bundle's ES2022 target runs on. It is called only
 * where the page has storage or reports events, never while rendering on a server.
 */

/**
 * 32 random hex digits.
 * @example randomHex() // '3f9c...'
 */
export function randomHex(): string {
  let hex = ''
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
    hex += (byte + 256).toString(16).slice(1)
  }
  return hex
}
