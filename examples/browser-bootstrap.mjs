// A page rendered with the flags its server fetched (a client key sees `clientSide` flags only):
// the browser client serves them before any request, so nothing flickers.
// Run: ANDON_CLIENT_KEY=cli_… node examples/browser-bootstrap.mjs
import { createBrowserClient, evaluate } from '@andon/sdk-browser'

const baseUrl = process.env.ANDON_URL ?? 'http://localhost:4242'
const clientKey = process.env.ANDON_CLIENT_KEY ?? ''
const answer = await fetch(`${baseUrl}/sdk/v1/flags?key=${clientKey}`) // on your server
const bootstrap = await answer.json() // rendered into the page, e.g. as JSON in a <script>

const user = { key: 'user-123' }
const flags = createBrowserClient({ baseUrl, clientKey, context: user, bootstrap, connect: false })
console.log(`new-checkout for ${user.key}: ${flags.isEnabled('new-checkout')}`)
console.log(`evaluated once: ${evaluate(bootstrap, 'new-checkout', user, false).value}`)
await flags.close()
