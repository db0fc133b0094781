// Library build: three self-contained ES modules. Core is bundled in (tree-shaken, so zod
// stays out); React and OpenFeature are the page's own copies (peers).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
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
