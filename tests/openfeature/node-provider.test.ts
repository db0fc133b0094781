/**
 * OpenFeature's gherkin suite against the Node provider (`@andon/sdk-node/openfeature`) in
 * OpenFeature's server SDK, on the real server with the suite's flags created through the
 * admin API. Its `not ready`, `error` and `stale` providers talk to servers that never answer
 * or are down; its `fatal` one uses a key the real server refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  OpenFeature,
  type EvaluationDetails,
  type FlagValue,
  type Hook,
  type JsonValue,
} from '@openfeature/server-sdk'
import { AndonProvider } from '@andon/sdk-node/openfeature'
import { afterAll, beforeAll } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runSuite } from './gherkin-suite.js'
import type { Evaluated, Evaluation, Harness, ProviderKind } from './harness.js'
import { createSuiteFlags } from './suite-flags.js'
import { startUnreachable, type Unreachable } from './unreachable.js'

const ENV = 'production'

let server: AndonServer
let unreachable: Unreachable
let cacheDir: string
let domains = 0

beforeAll(async () => {
  ;[server, unreachable] = await Promise.all([startAndonServer(), startUnreachable()])
  await createSuiteFlags(server, ENV)
  cacheDir = mkdtempSync(join(tmpdir(), 'andon-of-suite-'))
  // The suite's error providers fail to initialize on purpose: no need to log each.
  const quiet = () => {}
  OpenFeature.setLogger({ error: quiet, warn: quiet, info: quiet, debug: quiet })
  await OpenFeature.setProviderAndWait('stable', new AndonProvider(options(server.url)))
})

afterAll(async () => {
  await OpenFeature.close()
  await unreachable?.close()
  await server?.stop()
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true })
})

function options(baseUrl: string, sdkKey = server.secrets.keys[`${ENV} server`]!) {
  return { baseUrl, sdkKey, sendEvents: false, backoff: { initialMs: 20, maxMs: 100 } }
}

/** The payload the real server serves, as a cache file: what a stale provider starts from. */
async function cacheFile(): Promise<string> {
  const res = await fetch(`${server.url}/sdk/v1/flags`, {
    headers: { Authorization: `Bearer ${server.secrets.keys[`${ENV} server`]}` },
  })
  const file = join(cacheDir, `cache-${++domains}.json`)
  writeFileSync(file, await res.text())
  return file
}

async function until(check: () => boolean, what: string) {
  for (const started = Date.now(); !check();) {
    if (Date.now() - started > 10_000) throw new Error(`no ${what} in 10 s`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const harness: Harness = {
  async provider(kind: ProviderKind) {
    if (kind === 'stable') return 'stable'
    const domain = `${kind}-${++domains}`
    if (kind === 'not ready') {
      // Initialization waits for a server that never answers: OpenFeature says NOT_READY.
      const provider = new AndonProvider({
        ...options(unreachable.silentUrl),
        readyTimeoutMs: 60_000,
      })
      void OpenFeature.setProvider(domain, provider)
    } else if (kind === 'error') {
      const provider = new AndonProvider({ ...options(unreachable.downUrl), readyTimeoutMs: 100 })
      await OpenFeature.setProviderAndWait(domain, provider).catch(() => {})
    } else if (kind === 'fatal') {
      const provider = new AndonProvider(options(server.url, 'srv_revoked0000000000000000'))
      await OpenFeature.setProviderAndWait(domain, provider).catch(() => {})
    } else {
      // Data from an earlier run, and the server is down.
      const provider = new AndonProvider({
        ...options(unreachable.downUrl),
        cacheFile: await cacheFile(),
      })
      await OpenFeature.setProviderAndWait(domain, provider)
      const client = OpenFeature.getClient(domain)
      await until(() => client.providerStatus === 'STALE', 'STALE status')
    }
    return domain
  },

  async status(domain) {
    return OpenFeature.getClient(domain).providerStatus
  },

  async evaluate(domain, e: Evaluation): Promise<Evaluated> {
    const client = OpenFeature.getClient(domain)
    const hookCalls: string[] = []
    const hook = (name: string): Hook => ({
      before: () => void hookCalls.push(`${name}.before`),
      after: () => void hookCalls.push(`${name}.after`),
      error: () => void hookCalls.push(`${name}.error`),
      finally: () => void hookCalls.push(`${name}.finally`),
    })
    const options = { hooks: e.hooks ? [hook('a'), hook('b')] : [] }
    const context = structuredClone(e.context) as Record<string, JsonValue>
    const before = JSON.stringify(context)
    const d = e.defaultValue as never
    const pending: Promise<EvaluationDetails<FlagValue>> =
      e.type === 'Boolean'
        ? client.getBooleanDetails(e.key, d, context, options)
        : e.type === 'String'
          ? client.getStringDetails(e.key, d, context, options)
          : e.type === 'Object'
            ? client.getObjectDetails(e.key, d, context, options)
            : client.getNumberDetails(e.key, d, context, options)
    const returnedPromise = pending instanceof Promise
    const details = await pending
    return {
      details: details as Evaluated['details'],
      metadataFrozen: Object.isFrozen(details.flagMetadata),
      contextUnchanged: JSON.stringify(context) === before,
      hookCalls,
      returnedPromise,
    }
  },
}

runSuite('node', () => harness)
