/**
 * Reads an SSE response body in tests: the raw text so far, the parsed events, and waits for
 * a condition on them (bounded, so a missing event fails the test instead of hanging it).
 */
export interface SseEvent {
  event?: string
  id?: string
  data?: string
  comment?: boolean
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = []
  for (const block of text.split('\n\n').slice(0, -1)) {
    const e: SseEvent = {}
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) e.comment = true
      const i = line.indexOf(': ')
      const [field, value] = i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 2)]
      if (field === 'event' || field === 'id' || field === 'data') e[field] = value
    }
    events.push(e)
  }
  return events
}

export function readSse(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let ended = false
  const listeners = new Set<() => void>()
  const done = (async () => {
    try {
      for (;;) {
        const r = await reader.read()
        if (r.done) break
        text += decoder.decode(r.value, { stream: true })
        for (const l of listeners) l()
      }
    } catch {
      // an errored stream ends like a closed one
    }
    ended = true
    for (const l of listeners) l()
  })()

  function until(test: (events: SseEvent[]) => boolean, timeoutMs = 5000): Promise<SseEvent[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const events = parseSse(text)
        if (test(events)) {
          listeners.delete(check)
          clearTimeout(timer)
          resolve(events)
        } else if (ended) {
          listeners.delete(check)
          clearTimeout(timer)
          reject(new Error(`the stream ended first; it had:\n${text}`))
        }
      }
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(new Error(`no such event within ${timeoutMs} ms; the stream had:\n${text}`))
      }, timeoutMs)
      listeners.add(check)
      check()
    })
  }

  return {
    get text() {
      return text
    },
    get ended() {
      return ended
    },
    events: () => parseSse(text),
    until,
    done,
    cancel: () => reader.cancel(),
  }
}
