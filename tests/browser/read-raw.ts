/** A stream's raw bytes as text, for asserting on exactly what the server sent. */

/**
 * Reads a stream's raw bytes as text in the background, until `stop()`.
 * @example const raw = readRaw(`${url}/sdk/v1/stream?key=${key}`); ...; raw.stop(); raw.text
 */
export function readRaw(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController()
  let text = ''
  const done = (async () => {
    try {
      const res = await fetch(url, { headers, signal: abort.signal })
      const reader = res.body!.getReader()
      const decoder = new TextDecoder()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
      }
    } catch {
      // aborted
    }
  })()
  return {
    get text() {
      return text
    },
    async until(needle: string, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs
      while (!text.includes(needle)) {
        if (Date.now() > end) throw new Error(`"${needle}" did not arrive; got:\n${text}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    async stop() {
      abort.abort()
      await done
      return text
    },
  }
}
