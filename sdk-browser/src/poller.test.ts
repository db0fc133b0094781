import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPoller } from './poller.js'

const payload = { schemaVersion: 1, environment: 'prod', version: 5, flags: {}, segments: {} }

function rig(answers: (() => Response)[]) {
  const etags: (string | null)[] = []
  const fetch = (async (_url: string, init?: RequestInit) => {
    etags.push(new Headers(init?.headers).get('If-None-Match'))
    return answers.shift()!()
  }) as typeof globalThis.fetch
  const seen: unknown[] = []
  const poller = createPoller('https://flags.example.com/sdk/v1/flags?key=k', fetch, 30_000, {
    put: (p) => seen.push(['put', p.version]),
    state: (state, current, error) => seen.push([state, current, error?.message]),
  })
  return { poller, etags, seen }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createPoller', () => {
  it('polls every intervalMs with the ETag of the last answer, and reports each poll', async () => {
    const { poller, etags, seen } = rig([
      () => Response.json(payload, { headers: { ETag: '"5"' } }),
      () => new Response(null, { status: 304 }),
      () => new Response(null, { status: 502 }),
    ])
    poller.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(30_000)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(etags).toEqual([null, '"5"', '"5"'])
    expect(seen).toEqual([
      ['polling', false, undefined],
      ['put', 5],
      ['polling', true, undefined],
      ['polling', true, undefined],
      ['polling', false, 'polling failed: HTTP 502'],
    ])
  })

  it('reports nothing and polls no more once stopped, even an answer in flight', async () => {
    const { poller, etags, seen } = rig([() => Response.json(payload)])
    poller.start()
    poller.stop()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(etags).toHaveLength(1)
    expect(seen).toEqual([['polling', false, undefined]])
    expect(poller.active).toBe(false)
  })
})
