/**
 * The module the suite's pages load (fixtures/web-entry.ts): OpenFeature's web SDK, the Andon
 * browser client and its provider, built in memory with vite from their sources, as the
 * tests import them.
 */
import { fileURLToPath } from 'node:url'
import { repoRoot } from '../support/repo-root.js'

export async function bundleWebSuite(): Promise<string> {
  const { build } = await import('vite')
  const root = `${repoRoot}/`
  const out = await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'silent',
    resolve: {
      alias: [
        { find: /^@andon\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` },
        { find: /^@andon\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}$1/src/$2/index.ts` },
      ],
    },
    build: {
      write: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./fixtures/web-entry.ts', import.meta.url)),
        formats: ['es'],
        fileName: 'of-web',
      },
    },
  })
  const [result] = Array.isArray(out) ? out : [out]
  return (result as { output: { code?: string }[] }).output[0]!.code!
}
