/**
 * Random identifiers: anonymous visitor keys and event batch ids. 128 bits from
 * `crypto.getRandomValues`, which every browser has, secure context or not (`randomUUID`
 * needs one); `Math.random` only where no `crypto` exists.
 */

/**
 * 32 random hex digits.
 * @example randomHex() // '3f9c...'
 */
export function randomHex(): string {
  const bytes =
    (globalThis.crypto as Crypto | undefined)?.getRandomValues(new Uint8Array(16)) ??
    Uint8Array.from({ length: 16 }, () => Math.random() * 256)
  let hex = ''
  for (const byte of bytes) hex += (byte + 256).toString(16).slice(1)
  return hex
}
