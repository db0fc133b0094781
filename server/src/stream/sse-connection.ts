/**
 * The two ways an SSE connection is written: straight onto Node's ServerResponse (the real
 * server: no stream adapters in the way, and `writableLength` says exactly what is queued),
 * and as a web ReadableStream (`app.request()` in tests, other runtimes). Both close the
 * connection once more than `maxQueuedBytes` wait for a client that stopped reading.
 */
import type { ServerResponse } from 'node:http'
import { RETRY_FRAME } from './sse-frame.js'

export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
}

/** 1 MiB: what a connection may have queued before it is closed. */
export const MAX_QUEUED_BYTES = 1024 * 1024

export interface SseConnection {
  /** Writes the first frames; their size is the payload's, not the client's doing, so no limit. */
  start(bytes: Buffer): void
  send(bytes: Buffer): void
  close(): void
  /** Called once, however the connection ends. */
  onClose(listener: () => void): void
}

function closeOnce() {
  let closed = false
  const listeners: (() => void)[] = []
  return {
    get closed() {
      return closed
    },
    onClose(l: () => void) {
      if (closed) l()
      else listeners.push(l)
    },
    fire() {
      if (closed) return
      closed = true
      for (const l of listeners.splice(0)) l()
    },
  }
}

export function nodeConnection(
  res: ServerResponse,
  extraHeaders: Record<string, string>,
  maxQueuedBytes = MAX_QUEUED_BYTES,
): SseConnection {
  const state = closeOnce()
  // A body delimited by the connection's close instead of chunked encoding: every event is then
  // one socket write of the shared bytes, with no chunk framing per connection.
  res.useChunkedEncodingByDefault = false
  res.writeHead(200, { ...SSE_HEADERS, ...extraHeaders })
  res.write(RETRY_FRAME)
  res.on('close', () => state.fire())
  if (res.destroyed) state.fire()
  const close = () => {
    if (state.closed) return
    res.destroy()
    state.fire()
  }
  // The first frames may be larger than the limit by themselves; they count only until drained.
  let allowance = 0
  return {
    start(bytes) {
      if (state.closed || res.write(bytes)) return
      allowance = bytes.length
      res.once('drain', () => (allowance = 0))
    },
    send(bytes) {
      const socket = res.socket
      if (state.closed || socket === null) return
      // Past the headers the body is raw bytes, so the socket takes them directly: one write,
      // without ServerResponse's per-write cork and uncork on the next tick.
      socket.write(bytes)
      if (socket.writableLength > maxQueuedBytes + allowance) close()
    },
    close,
    onClose: state.onClose,
  }
}

export function webConnection(maxQueuedBytes = MAX_QUEUED_BYTES): {
  connection: SseConnection
  body: ReadableStream<Uint8Array>
} {
  const state = closeOnce()
  let allowance = 0
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        c.enqueue(Buffer.from(RETRY_FRAME))
      },
      cancel: () => state.fire(),
    },
    { highWaterMark: maxQueuedBytes, size: (chunk) => chunk.byteLength },
  )
  const close = () => {
    if (state.closed) return
    state.fire()
    try {
      controller.close()
    } catch {
      // already closed by the reader
    }
  }
  return {
    body,
    connection: {
      start(bytes) {
        if (state.closed) return
        allowance = bytes.length
        controller.enqueue(bytes)
      },
      send(bytes) {
        if (state.closed) return
        controller.enqueue(bytes)
        if ((controller.desiredSize ?? 0) + allowance < 0) {
          state.fire()
          controller.error(new Error('the client did not keep up'))
        }
      },
      close,
      onClose: state.onClose,
    },
  }
}
