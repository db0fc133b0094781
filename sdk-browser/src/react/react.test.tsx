import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderToString } from 'react-dom/server'
import { createBrowserClient } from '../client.js'
import { payloadOf } from '../test-fakes.js'
import {
  AndonProvider,
  useAndonStatus,
  useFlag,
  useVariation,
  useVariationDetail,
} from './index.js'

function Page() {
  const checkout = useFlag('new-checkout')
  const banner = useVariation('banner', 'none')
  const missing = useVariationDetail('missing', 7)
  const { source, ready } = useAndonStatus()
  return (
    <p>
      {`checkout=${checkout} banner=${banner} missing=${missing.value}/${missing.reason.errorKind}` +
        ` source=${source} ready=${ready}`}
    </p>
  )
}

const bootstrap = payloadOf(4, { 'new-checkout': { on: true } })
bootstrap.flags.banner = {
  key: 'banner',
  version: 1,
  enabled: true,
  variations: ['none', 'sale'],
  offVariation: 0,
  fallthrough: { variation: 1 },
}

describe('the React bindings on the server', () => {
  afterEach(() => {
    for (const name of ['window', 'localStorage', 'EventSource', 'document']) {
      delete (globalThis as Record<string, unknown>)[name]
    }
  })

  it('render the bootstrap values', () => {
    const client = createBrowserClient({ baseUrl: 'http://x', clientKey: 'cli_x', bootstrap })
    const html = renderToString(
      <AndonProvider client={client}>
        <Page />
      </AndonProvider>,
    )
    expect(html).toContain(
      'checkout=true banner=sale missing=7/FLAG_NOT_FOUND source=bootstrap ready=false',
    )
  })

  it('render the defaults without a bootstrap, and without a provider', () => {
    const client = createBrowserClient({ baseUrl: 'http://x', clientKey: 'cli_x' })
    const withClient = renderToString(
      <AndonProvider client={client}>
        <Page />
      </AndonProvider>,
    )
    expect(withClient).toContain('checkout=false banner=none missing=7/FLAG_NOT_FOUND source=none')
    expect(renderToString(<Page />)).toContain('checkout=false banner=none')
  })

  it('touch no window, storage or EventSource when imported', async () => {
    const touched: string[] = []
    for (const name of ['window', 'localStorage', 'EventSource', 'document']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name)
          return undefined
        },
      })
    }
    vi.resetModules()
    await import('../index.js')
    await import('./index.js')
    await import('../openfeature/index.js')
    expect(touched).toEqual([])
  })
})
