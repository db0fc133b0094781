// Every case of the shared evaluation vectors, evaluated by the built SDK inside Chromium and
// by the same code in Node: the browser's engine must give identical results.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { createEvaluator, type EvaluationVectors, type JsonValue } from '@andon/core'
import { createBrowserClient } from '@andon/sdk-browser'
import { buildSdk, launchChromium, servePages, type BuiltSdk, type HttpServer } from './support.js'

const text = readFileSync(new URL('../../spec/vectors/evaluation.json', import.meta.url), 'utf8')
const vectors = JSON.parse(text) as EvaluationVectors

type Outcome = { value: JsonValue; variationIndex: number | null; reason: Record<string, unknown> }

/**
 * The page: the SDK's one-shot `evaluate` on every case, and a client that identifies each
 * case's context (no storage, so no anonymous key: contexts stay as the vectors give them).
 * Plain JavaScript in a string, so that no test transform touches what the browser runs.
 */
const VECTORS_PAGE = `<!doctype html>
<title>vectors</title>
<script type="module">
  import { createBrowserClient, evaluate } from '/sdk/index.js'
  const v = await (await fetch('/vectors.json')).json()
  const oneShot = v.cases.map((c) => evaluate(v.payload, c.flag, c.context, c.default))
  const client = createBrowserClient({
    baseUrl: location.origin,
    clientKey: 'cli_unused',
    bootstrap: v.payload,
    storage: null,
    connect: false,
  })
  const viaClient = v.cases.map((c) => {
    client.identify(c.context)
    const held = client.variationDetail(c.flag, null)
    return held.variationIndex === null ? { ...held, value: c.default } : held
  })
  window.results = JSON.parse(JSON.stringify({ oneShot, client: viaClient }))
</script>
`

let sdk: BuiltSdk
let browser: Browser
let pages: HttpServer

beforeAll(async () => {
  ;[sdk, browser] = await Promise.all([buildSdk(), launchChromium()])
  pages = await servePages(sdk, { '/vectors.html': VECTORS_PAGE, '/vectors.json': text })
})

afterAll(async () => {
  await browser?.close()
  await pages?.close()
  sdk?.remove()
})

describe('the evaluation vectors in Chromium', () => {
  it('give the results Node gives, case by case, and the spec expects', async () => {
    const page = await browser.newPage()
    await page.goto(`${pages.url}/vectors.html`)
    const handle = await page.waitForFunction(() => (window as { results?: unknown }).results)
    const inBrowser = (await handle.jsonValue()) as { oneShot: Outcome[]; client: Outcome[] }

    const evaluator = createEvaluator(vectors.payload)
    const inNode = vectors.cases.map((c) => evaluator.evaluate(c.flag, c.context, c.default))
    const client = createBrowserClient({
      baseUrl: 'http://unused',
      clientKey: 'cli_unused',
      bootstrap: vectors.payload,
      storage: null,
      connect: false,
    })
    const inNodeClient = vectors.cases.map((c) => {
      void client.identify(c.context)
      const held = client.variationDetail(c.flag, null)
      return held.variationIndex === null ? { ...held, value: c.default } : held
    })

    expect(inBrowser.oneShot).toHaveLength(vectors.cases.length)
    expect(vectors.cases.length).toBeGreaterThan(100)
    expect(inBrowser.oneShot).toEqual(JSON.parse(JSON.stringify(inNode)))
    expect(inBrowser.client).toEqual(JSON.parse(JSON.stringify(inNodeClient)))
    vectors.cases.forEach((c, i) => {
      const got = inBrowser.client[i]!
      const label = `${c.name}: ${JSON.stringify(got)}`
      expect(got.value, label).toEqual(c.expect.value)
      expect(got.variationIndex, label).toBe(c.expect.variationIndex)
      expect(got.reason, label).toMatchObject(c.expect.reason)
    })
  })
})
