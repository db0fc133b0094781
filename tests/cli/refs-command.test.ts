/** `andon refs scan` as a pipeline runs it: the built bin on a real folder, no server needed. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runAndon } from '../support/andon-cli.js'

const root = mkdtempSync(join(tmpdir(), 'andon-refs-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const files: Record<string, string> = {
  '.gitignore': 'build/\n',
  'src/checkout.ts':
    "import { flags } from './flags'\nexport const on = flags.isEnabled('new-checkout', user)\n",
  'service/main.go': 'v, _ := client.BooleanValue(ctx, "new-checkout", false, evalCtx)\n',
  'app/views.py': 'colour = client.get_string_value("button-color", "blue")\n',
  'build/bundle.js': "flags.isEnabled('new-checkout')\n",
  'README.md': "flags.isEnabled('not-code')\n",
}
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}

describe('andon refs scan', () => {
  it('lists each reference in source files that git would track, as JSON', async () => {
    const { stdout } = await runAndon(['--json', 'refs', 'scan', root])
    const result = JSON.parse(stdout) as {
      files: number
      refs: { flag: string; file: string; line: number }[]
    }
    expect(result.files).toBe(3)
    expect(result.refs.map((r) => [r.flag, r.file, r.line])).toEqual([
      ['button-color', 'app/views.py', 1],
      ['new-checkout', 'service/main.go', 1],
      ['new-checkout', 'src/checkout.ts', 2],
    ])
  })

  it('groups them by flag for a person', async () => {
    const { stdout } = await runAndon(['refs', 'scan', root])
    expect(stdout).toContain('new-checkout\n  service/main.go:1:')
    expect(stdout).toMatch(/3 reference\(s\) to 2 flag\(s\) in 3 source file\(s\)\n$/)
  })
})
