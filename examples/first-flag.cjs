// The same in CommonJS: ANDON_SDK_KEY=srv_… node examples/first-flag.cjs
const { createClient } = require('@andon/sdk-node')

async function main() {
  const flags = createClient({
    baseUrl: process.env.ANDON_URL ?? 'http://localhost:4242',
    sdkKey: process.env.ANDON_SDK_KEY ?? '',
  })
  const ready = await flags.ready({ timeoutMs: 2000 })
  const user = { key: 'user-123', country: 'SE' }
  const { value, reason } = flags.variationDetail('new-checkout', user, false)
  console.log(`ready: ${ready}; new-checkout for ${user.key}: ${value} (${reason.kind})`)
  await flags.close()
}
main()
