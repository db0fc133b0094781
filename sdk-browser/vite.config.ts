// Library build: three self-contained ES modules. Core is bundled in (tree-shaken, so zod
// stays out); React and OpenFeature are the page's own copies (peers).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'
import { defineConfig, type Plugin } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Property names that only the SDK's own inner objects have (compiled clauses and flags, the
 * flag store, the evaluator's tables, the event aggregator, the connection's options, the
 * client's listeners): none is a field of the wire model, of the public API, or of a
 * built-in, so the core bundle may shorten them. A name added here that a page or the server
 * can see breaks the SDK, which the browser tests (vectors, stream, events through the built
 * bundle) would show.
 */
const INNER_PROPERTIES = [
  ...['ownOnly', 'inSet', 'list', 'program'],
  ...['fixed', 'bucketByOwnOnly', 'thresholds', 'results', 'off', 'isIndex', 'served'],
  ...['offResult', 'failed', 'major', 'minor', 'pre'],
  ...['compile', 'compiledSegments', 'setFlag', 'removeFlag', 'compilePending', 'setSegment'],
  ...['removeSegment', 'raw', 'flagKeys', 'compact', 'toPayload', 'flagsWatching', 'prefix'],
  ...['initialized', 'exposure', 'drop', 'isEmpty', 'drain', 'maxEntries'],
  ...['put', 'state', 'delay', 'opened', 'patch', 'remove'],
  ...['active', 'start', 'stop', 'holding', 'compiler', 'wire', 'evaluate'],
  ...['listen', 'emit', 'changed'],
]

/**
 * A last terser pass over the written bundles, after Vite's own minifier: the two together
 * make dist/index.js about 75 B smaller gzipped than Vite's alone, and shortening the inner
 * property names of the core entry (the only bundle that holds those objects) about 190 B
 * more, which keeps it inside its 8 KB budget. Source maps are carried through.
 */
function terserPass(): Plugin {
  return {
    name: 'andon-terser-pass',
    async writeBundle(options, bundle) {
      for (const name of Object.keys(bundle).filter((n) => n.endsWith('.js'))) {
        const file = join(options.dir!, name)
        const result = await minify(readFileSync(file, 'utf8'), {
          module: true,
          ecma: 2020,
          // No `this`-dependent function expressions and no getters with effects here.
          compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
          mangle: {
            toplevel: true,
            properties: name === 'index.js' && {
              regex: new RegExp(`^(?:${INNER_PROPERTIES.join('|')})$`),
              // Some of the names are also DOM names (`prefix`, `fixed`, `thresholds`), which
              // terser would leave alone; no built-in object is read by them here.
              builtins: true,
            },
          },
          format: { comments: false },
          // The maps are written beside the bundles, without a `sourceMappingURL` comment in
          // them: it would take 29 B of the 8 KB budget. Devtools and error trackers take the
          // maps when pointed at them (`index.js.map` next to `index.js`).
          sourceMap: { content: readFileSync(`${file}.map`, 'utf8') },
        })
        writeFileSync(file, result.code!)
        writeFileSync(`${file}.map`, String(result.map))
      }
    },
  }
}

export default defineConfig({
  plugins: [terserPass()],
  resolve: {
    alias: { '@andon/core': here('../core/src/index.ts') },
  },
  build: {
    lib: {
      entry: {
        index: here('src/index.ts'),
        react: here('src/react/index.ts'),
        openfeature: here('src/openfeature/index.ts'),
      },
      formats: ['es'],
    },
    outDir: here('dist'),
    // tsc -b writes the declarations to dist/types: leave them alone.
    emptyOutDir: false,
    minify: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      external: ['react', 'react/jsx-runtime', /^@openfeature\//],
      // Vite keeps whitespace in ES libraries for the consumer's bundler to minify; this
      // bundle is also loaded by pages as is, so it ships minified.
      output: { minify: { codegen: true }, comments: false },
    },
  },
})
