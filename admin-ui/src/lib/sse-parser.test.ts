import { describe, expect, it } from 'vitest'
import { createSseParser, type SseEvent } from './sse-parser.js'

function parse(chunks: string[]) {
  const events: SseEvent[] = []
  const parser = createSseParser((e) => events.push(e))
  for (const chunk of chunks) parser.push(chunk)
  return { events, parser }
}

describe('createSseParser', () => {
  it('parses named events with ids and multi-line data', () => {
    const { events, parser } = parse(['id: 4\nevent: patch\ndata: {"a":\ndata: 1}\n\n'])
    expect(events).toEqual([{ event: 'patch', data: '{"a":\n1}', id: '4' }])
    expect(parser.lastEventId).toBe('4')
  })

  it('reassembles events split across chunks at any character', () => {
    const wire = 'event: put\nid: 9\ndata: {"x":1}\n\n: ping\n\nevent: delete\ndata: {}\n\n'
    const whole = parse([wire]).events
    for (let cut = 1; cut < wire.length; cut++) {
      expect(parse([wire.slice(0, cut), wire.slice(cut)]).events).toEqual(whole)
    }
    expect(whole.map((e) => e.event)).toEqual(['put', 'delete'])
  })

  it('treats a CRLF split between chunks as one line end', () => {
    const { events } = parse(['data: a\r', '\n\r\n'])
    expect(events).toEqual([{ event: 'message', data: 'a', id: undefined }])
  })

  it('ignores comments and events without data', () => {
    const { events } = parse([': keep-alive\n\nevent: put\n\n'])
    expect(events).toEqual([])
  })
})
