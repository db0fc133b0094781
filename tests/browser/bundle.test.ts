// The built browser bundle: self-contained ES modules a page can load as they are, and the
// core entry within its budget of 8 KB minified and gzipped.
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSdk, type BuiltSdk } from './support.js'

const BUDGET = 8 * 1024

let sdk: BuiltSdk

beforeAll(async () => {
  sdk = await buildSdk()
})

afterAll(() => sdk?.remove())

/** Every module specifier a built file imports, static or dynamic. */
function importsOf(code: string): string[] {
  const specifiers = new Set<string>()
  for (const m of code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+from\s*)?["'`]([^"'`]+)["'`]/g)) {
    specifiers.add(m[1]!)
  }
  for (const m of code.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) specifiers.add(m[1]!)
  return [...specifiers].sort()
}

describe('the browser bundle', () => {
  it(`keeps dist/index.js within ${BUDGET} bytes minified and gzipped`, () => {
    const code = sdk.file('index.js')
    const gzipped = gzipSync(code, { level: 9 }).length
    console.log(`dist/index.js: ${code.length} B minified, ${gzipped} B gzipped`)
    expect(gzipped).toBeLessThanOrEqual(BUDGET)
    expect(code.toString()).not.toMatch(/\bzod\b|ZodError/)
  })

  it('imports nothing bare from the core entry, and only its peers from the others', () => {
    expect(importsOf(sdk.file('index.js').toString())).toEqual([])
    expect(importsOf(sdk.file('react.js').toString())).toEqual(['react'])
    expect(importsOf(sdk.file('openfeature.js').toString())).toEqual(['@openfeature/web-sdk'])
  })

  it('finds imports where there are some, so the checks above mean something', () => {
    expect(importsOf('import{a as b}from"react";import"./x.js";await import("y")')).toEqual([
      './x.js',
      'react',
      'y',
    ])
  })
})
