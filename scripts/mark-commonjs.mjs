// Marks a build folder as CommonJS: its package.json says so to Node and to TypeScript, so the
// `.js` and `.d.ts` files beside it are read as CommonJS inside an ESM package.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const folder = process.argv[2]
if (folder === undefined) throw new Error('usage: node scripts/mark-commonjs.mjs <folder>')
writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n')
