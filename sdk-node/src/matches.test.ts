/**
 * A hostile `matches` pattern through the Node SDK, from data that never passed the server's
 * check: a bootstrap and a cache file. `isEnabled` returns (vitest's timeout would say if it
 * hung, as it did with RegExp) and answers as the spec says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Payload } from '@andon/core'
import { createClient } from './index.js'

const flag = (key: string, values: string[]) => ({
  key,
  version: 1,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  rules: [{ clauses: [{ attribute: 'path', op: 'matches', values }], serve: { variation: 1 } }],
  fallthrough: { variation: 0 },
})

const payload = {
  schemaVersion: 1,
  environment: 'production',
  version: 3,
  flags: {
    nested: flag('nested', ['^(a+)+$']),
    alternation: flag('alternation', ['(a|a)*b']),
    star: flag('star', ['(a*)*b']),
    counted: flag('counted', ['(.*a){20}$']),
    backreference: flag('backreference', ['(a)\\1']),
  },
  segments: {},
} as unknown as Payload

const HOSTILE = ['nested', 'alternation', 'star', 'counted']
const INPUTS = ['a'.repeat(41) + '!', 'a'.repeat(1023) + '!']

const dir = mkdtempSync(join(tmpdir(), 'andon-matches-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a hostile matches pattern in the Node SDK', () => {
  const fromBootstrap = createClient({ offline: true, bootstrap: payload })
  const cacheFile = join(dir, 'flags.json')
  writeFileSync(cacheFile, JSON.stringify(payload))
  const fromCache = createClient({ offline: true, cacheFile })
  afterAll(() => Promise.all([fromBootstrap.close(), fromCache.close()]))

  it.each(HOSTILE)('lets isEnabled return for %s, from a bootstrap and a cache file', (key) => {
    for (const client of [fromBootstrap, fromCache]) {
      for (const path of INPUTS) expect(client.isEnabled(key, { key: 'u', path })).toBe(false)
      const matching = key === 'alternation' || key === 'star' ? 'aab' : 'a'.repeat(20)
      expect(client.isEnabled(key, { key: 'u', path: matching })).toBe(true)
    }
  })

  it('serves the default for a pattern outside the syntax, with MALFORMED_FLAG', () => {
    for (const client of [fromBootstrap, fromCache]) {
      expect(client.variationDetail('backreference', { key: 'u', path: 'aa' }, false)).toEqual({
        value: false,
        variationIndex: null,
        reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' },
      })
      expect(client.isEnabled('nested', { key: 'u', path: 'aaa' })).toBe(true)
    }
  })
})
