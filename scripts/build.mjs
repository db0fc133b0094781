// Builds the workspace: `tsc -b`, then each workspace's own `build` script, in workspace order.
// `--changed` (what `npm start` runs) skips every step whose inputs are as they were at its
// last successful build, so a start with nothing changed costs a few milliseconds, not 40 s.
// A step's inputs are its folders' files (outside dist/ and node_modules/) with their sizes
// and modification times, and package-lock.json; the fingerprints live in node_modules/.cache.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cacheDir = join(root, 'node_modules/.cache/andon-build')
const onlyChanged = process.argv.includes('--changed')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const npm = 'npm'
const SKIP = new Set(['node_modules', 'dist', '.git'])
const SHARED_INPUTS = ['package-lock.json', 'tsconfig.base.json', 'tsconfig.json']

const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const packageFolders = rootPackage.workspaces.filter((w) => w !== 'tests')

/** What one step needs: a name, its inputs, files it writes, and how to run it. */
const steps = [
  {
    name: 'tsc',
    inputs: [...packageFolders, 'drizzle', ...SHARED_INPUTS],
    // Every project writes into its dist/; the server's entry is what `npm start` runs.
    outputs: [
      ...packageFolders.map((folder) => `${folder}/dist`),
      'server/dist/server/src/main.js',
    ],
    command: [process.execPath, tsc, '-b'],
  },
  ...packageFolders.flatMap((folder) => {
    const pkg = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'))
    if (pkg.scripts?.build === undefined) return []
    // Every package's build reads core (bundled in, or its declarations).
    const inputs = [...new Set([folder, 'core', ...SHARED_INPUTS])]
    return [
      {
        name: folder,
        inputs,
        // A package's build writes its `main` file; the admin UI, an app, its index.html.
        outputs: [`${folder}/${pkg.main ?? 'dist/index.html'}`],
        command: [npm, 'run', 'build', '--silent', '-w', folder],
      },
    ]
  }),
]

/** Sizes and modification times of every file under the inputs, hashed. */
function fingerprint(inputs) {
  const hash = createHash('sha256')
  const visit = (path) => {
    let stat
    try {
      stat = statSync(join(root, path))
    } catch {
      return // an input that does not exist (yet) counts as empty
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(join(root, path)).sort()) {
        if (!SKIP.has(entry) && !entry.endsWith('.tsbuildinfo')) visit(`${path}/${entry}`)
      }
    } else hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`)
  }
  for (const input of inputs) visit(input)
  return hash.digest('hex')
}

mkdirSync(cacheDir, { recursive: true })
for (const step of steps) {
  const stampFile = join(cacheDir, `${step.name}.txt`)
  // Taken before the build, so an edit made while it runs still counts as a change next time.
  const before = fingerprint(step.inputs)
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : ''
  const built = step.outputs.every((output) => existsSync(join(root, output)))
  if (onlyChanged && stamp === before && built) continue
  console.error(`andon: building ${step.name}…`)
  const run = spawnSync(step.command[0], step.command.slice(1), { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) {
    console.error(`andon: the build of ${step.name} failed`)
    process.exit(run.status ?? 1)
  }
  writeFileSync(stampFile, before)
}
