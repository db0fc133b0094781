// Run: ANDON_SDK_KEY=srv_… node examples/first-flag.mjs (a server key the first start printed)
import { createClient } from '@andon/sdk-node'

const flags = createClient({
  baseUrl: process.env.ANDON_URL ?? 'http://localhost:4242',
  sdkKey: process.env.ANDON_SDK_KEY ?? '',
})
const ready = await flags.ready({ timeoutMs: 2000 }) // false: no data yet, defaults serve
const user = { key: 'user-123', country: 'SE' }
const { value, reason } = flags.variationDetail('new-checkout', user, false)
console.log(`ready: ${ready}; new-checkout for ${user.key}: ${value} (${reason.kind})`)
if (flags.isEnabled('new-checkout', user)) {
  // the new checkout
}
flags.track('checkout-error', user) // feeds the guard, if one watches it
await flags.close() // posts the last events and lets the process exit
