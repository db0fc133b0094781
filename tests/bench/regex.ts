/**
 * `npm run bench -- regex`: what one `matches` clause costs, through every evaluator, for the
 * issue's hostile pattern `^(a+)+$` (41 `a`s and a `!`, and 1,024 characters ending in `!`)
 * and for a usual one, with JavaScript's RegExp on the usual one as the baseline. Core's
 * evaluator, the Node SDK's `isEnabled`, the browser SDK (its built bundle, run in Node: there
 * an evaluation happens in `identify`, which re-evaluates every flag held, here one) and the
 * server's preview over HTTP (the real process, one request at a time). Medians of 7 runs.
 */
import { createEvaluator, type Payload } from '@andon/core'
import { createBrowserClient } from '@andon/sdk-browser'
import { createClient } from '@andon/sdk-node'
import { startAndonServer } from '../support/andon-server.js'
import { printTable, stats } from './_timing.js'

const RUNS = 7
const HOSTILE = '^(a+)+$'
const USUAL = 'Pixel [0-9]+ Pro$'

const INPUTS = {
  'hostile, 41 a + !': [HOSTILE, 'a'.repeat(41) + '!'],
  'hostile, 1,024 chars': [HOSTILE, 'a'.repeat(1023) + '!'],
  'usual, user agent': [
    USUAL,
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Mobile',
  ],
  'usual, 1,024 chars': [USUAL, 'Pixel 8 '.repeat(127) + 'Pro!'],
} as const
type Case = keyof typeof INPUTS

function payloadFor(pattern: string): Payload {
  return {
    schemaVersion: 1,
    environment: 'bench',
    version: 1,
    flags: {
      m: {
        key: 'm',
        version: 1,
        enabled: true,
        variations: [false, true],
        offVariation: 0,
        rules: [
          {
            clauses: [{ attribute: 'ua', op: 'matches', values: [pattern] }],
            serve: { variation: 1 },
          },
        ],
        fallthrough: { variation: 0 },
      },
    },
    segments: {},
  }
}

/**
 * Microseconds per call of `op`, median of RUNS runs of enough calls to last about 50 ms.
 * `op` is awaited only when it returns a promise, so synchronous calls pay no microtask.
 */
async function microseconds(op: () => unknown): Promise<number> {
  const time = async (calls: number) => {
    const start = performance.now()
    for (let i = 0; i < calls; i++) {
      const r = op()
      if (r instanceof Promise) await r
    }
    return performance.now() - start
  }
  let calls = 1
  while ((await time(calls)) < 50) calls *= 2
  const samples: number[] = []
  for (let run = 0; run < RUNS; run++) samples.push(((await time(calls)) * 1000) / calls)
  return stats(samples).median
}

export async function run(): Promise<void> {
  const results = new Map<string, Map<Case, number>>()
  const record = (row: string, c: Case, us: number) => {
    if (!results.has(row)) results.set(row, new Map())
    results.get(row)!.set(c, us)
  }
  const server = await startAndonServer()
  try {
    await server.admin('POST', '/api/v1/flags', { key: 'm' })
    let lastPattern = ''
    for (const [c, [pattern, input]] of Object.entries(INPUTS) as [Case, [string, string]][]) {
      const payload = payloadFor(pattern)
      const context = { key: 'u', ua: input }

      const evaluator = createEvaluator(payload)
      const expected = evaluator.evaluate('m', context, false).value
      record(
        'core evaluate()',
        c,
        await microseconds(() => evaluator.evaluate('m', context, false)),
      )

      const node = createClient({ offline: true, bootstrap: payload })
      if (node.isEnabled('m', context) !== expected) throw new Error('the Node SDK disagrees')
      record('Node SDK isEnabled()', c, await microseconds(() => node.isEnabled('m', context)))
      await node.close()

      const browser = createBrowserClient({
        baseUrl: 'http://localhost:4242', // never reached: connect is false
        clientKey: 'cli_bench',
        bootstrap: payload,
        storage: null,
        connect: false,
      })
      await browser.identify(context)
      if (browser.isEnabled('m') !== expected) throw new Error('the browser SDK disagrees')
      record(
        'browser SDK identify() + isEnabled()',
        c,
        await microseconds(async () => {
          await browser.identify(context)
          return browser.isEnabled('m')
        }),
      )
      await browser.close()

      if (pattern !== lastPattern) {
        await server.admin('PATCH', '/api/v1/flags/m/environments/production', {
          enabled: true,
          rules: payload.flags.m!.rules,
          fallthrough: { variation: 0 },
        })
        lastPattern = pattern
      }
      const body = { flag: 'm', context }
      const answer = await server.admin<{ value: unknown }>(
        'POST',
        '/api/v1/environments/production/evaluate',
        body,
      )
      if (answer.value !== expected) throw new Error('the server disagrees')
      record(
        'server preview, HTTP round trip',
        c,
        await microseconds(() =>
          server.admin('POST', '/api/v1/environments/production/evaluate', body),
        ),
      )

      if (pattern === USUAL) {
        const re = new RegExp(pattern)
        const slice = input.slice(0, 1024)
        record('JS RegExp.test() (baseline)', c, await microseconds(() => re.test(slice)))
      }
    }
  } finally {
    await server.stop()
  }

  console.log(
    `µs per evaluation of one matches clause, median of ${RUNS} runs; hostile ${HOSTILE}, usual ${USUAL}; Node ${process.version}`,
  )
  const cases = Object.keys(INPUTS) as Case[]
  printTable(
    ['', ...cases],
    [...results].map(([row, byCase]) => [
      row,
      ...cases.map((c) => (byCase.has(c) ? byCase.get(c)!.toFixed(2) : 'not run (hangs)')),
    ]),
  )
}
