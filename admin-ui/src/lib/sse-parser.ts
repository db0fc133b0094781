/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream format): feed it text as it
 * arrives in chunks of any size, and it calls back once per complete event. EventSource can not
 * send an Authorization header, so the admin stream is read with fetch and parsed here.
 */

export interface SseEvent {
  event: string
  data: string
  id: string | undefined
}

export interface SseParser {
  /** Feeds the next chunk of decoded text. */
  push(chunk: string): void
  /** The id of the last event that carried one (for Last-Event-ID on reconnect). */
  readonly lastEventId: string | undefined
}

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = ''
  let eventName = ''
  let data: string[] = []
  let lastEventId: string | undefined
  let sawCarriageReturn = false

  function dispatch() {
    if (data.length > 0) {
      onEvent({ event: eventName || 'message', data: data.join('\n'), id: lastEventId })
    }
    eventName = ''
    data = []
  }

  function line(text: string) {
    if (text === '') return dispatch()
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') eventName = value
    else if (field === 'data') data.push(value)
    else if (field === 'id' && !value.includes('\0')) lastEventId = value
  }

  return {
    push(chunk: string) {
      // A CRLF split across two chunks must not count as two line ends.
      if (sawCarriageReturn && chunk.startsWith('\n')) chunk = chunk.slice(1)
      sawCarriageReturn = chunk.endsWith('\r')
      buffer += chunk
      const parts = buffer.split(/\r\n|\r|\n/)
      buffer = parts.pop() ?? ''
      for (const part of parts) line(part)
    },
    get lastEventId() {
      return lastEventId
    },
  }
}
