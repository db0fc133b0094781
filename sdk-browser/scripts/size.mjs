// Prints the size of the built browser bundle, minified and gzipped, against its 8 KB budget.
// Run after `vite build`: `npm run size -w @andon/sdk-browser`.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const BUDGET = 8 * 1024
let over = false
for (const name of ['index.js', 'react.js', 'openfeature.js']) {
  const code = readFileSync(new URL(`../dist/${name}`, import.meta.url))
  const gzipped = gzipSync(code, { level: 9 }).length
  const budget = name === 'index.js' ? ` (budget ${BUDGET} B)` : ''
  console.log(`${name}: ${code.length} B minified, ${gzipped} B gzipped${budget}`)
  if (name === 'index.js' && gzipped > BUDGET) over = true
}
if (over) {
  console.error('dist/index.js is over its budget')
  process.exit(1)
}
