// Library build: three self-contained ES modules. Core is bundled in (tree-shaken, so zod
// stays out); React and OpenFeature are the page's own copies (peers).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'
import { defineConfig, type Plugin } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * A last terser pass over the written bundles, after Vite's own minifier: the two together
 * make dist/index.js about 75 B smaller gzipped than Vite's alone, which keeps it inside its
 * 8 KB budget. Source maps are carried through.
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
          mangle: { toplevel: true },
          format: { comments: false },
          sourceMap: { content: readFileSync(`${file}.map`, 'utf8'), url: `${name}.map` },
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
