/**
 * `npm run bench -- <name>` runs `tests/bench/<name>.ts`; without a name, every benchmark.
 * Each benchmark module exports `run(): Promise<void>` and prints its own table.
 */
import { readdirSync } from 'node:fs'

const dir = new URL('./', import.meta.url)
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('run') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort()

const wanted = process.argv.slice(2)
const names = wanted.length > 0 ? wanted : available
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`no benchmark named ${name}; there are: ${available.join(', ')}`)
    process.exit(2)
  }
}
for (const name of names) {
  const mod = (await import(new URL(`./${name}.ts`, dir).href)) as { run: () => Promise<void> }
  console.log(`\n## ${name}\n`)
  await mod.run()
}
