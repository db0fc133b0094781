import { describe, expect, it } from 'vitest'
import type { PollOutcome } from './poll.js'
import { createPoller } from './poller.js'
import { boolFlag, payloadOf } from '../../tests/sdk-node/fixtures.js'

/** A flag server by hand: each request waits for `answer`; timers are run by hand too. */
function rig(onOutcome: (stop: () => void) => void = () => {}) {
  const requests: { etag: string | null; answer: (r: Response) => void }[] = []
  const fetch = ((_url: string, init?: RequestInit) =>
    new Promise<Response>((answer) => {
      requests.push({ etag: new Headers(init?.headers).get('If-None-Match'), answer })
    })) as typeof globalThis.fetch
  const timers: { ms: number; run: () => void; cleared: boolean }[] = []
  const outcomes: PollOutcome['kind'][] = []
  const poller = createPoller(
    {
      url: 'http://flags.test/sdk/v1/flags',
      sdkKey: 'srv_test',
      fetch,
      timeoutMs: 10_000,
      signal: new AbortController().signal,
      intervalMs: 30_000,
      timers: {
        setTimeout: (run, ms) => {
          const t = { ms, run, cleared: false }
          timers.push(t)
          return t
        },
        clearTimeout: (t) => {
          if (t) (t as { cleared: boolean }).cleared = true
        },
      },
    },
    (outcome) => {
      outcomes.push(outcome.kind)
      onOutcome(() => poller.stop())
    },
  )
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
  const json = (version: number) =>
    new Response(JSON.stringify(payloadOf(version, [boolFlag('a', 1, true)])), {
      headers: { ETag: `"${version}"` },
    })
  return { poller, requests, timers, outcomes, settle, json }
}

describe('createPoller', () => {
  it('polls every intervalMs with the ETag of the last payload', async () => {
    const { poller, requests, timers, outcomes, settle, json } = rig()
    poller.start()
    expect(poller.active).toBe(true)
    requests[0]!.answer(json(5))
    await settle()
    expect(outcomes).toEqual(['payload'])
    expect(timers.map((t) => t.ms)).toEqual([30_000])
    timers[0]!.run()
    requests[1]!.answer(new Response(null, { status: 304 }))
    await settle()
    expect(requests.map((r) => r.etag)).toEqual([null, '"5"'])
    expect(outcomes).toEqual(['payload', 'not-modified'])
  })

  it('drops an answer that comes after a stop, and schedules nothing more', async () => {
    const { poller, requests, timers, outcomes, settle, json } = rig()
    poller.start()
    poller.stop()
    expect(poller.active).toBe(false)
    requests[0]!.answer(json(5))
    await settle()
    expect(outcomes).toEqual([])
    expect(timers).toEqual([])
  })

  it('schedules no next poll when an outcome stops it (a refused key)', async () => {
    const { poller, requests, timers, outcomes, settle } = rig((stop) => stop())
    poller.start()
    requests[0]!.answer(new Response(null, { status: 401 }))
    await settle()
    expect(outcomes).toEqual(['unauthorized'])
    expect(poller.active).toBe(false)
    expect(timers).toEqual([])
  })
})
