import { describe, expect, it } from 'vitest'
import { findRefs } from './find-refs.js'

const flagsIn = (source: string) => findRefs('f', source).map((r) => r.flag)

describe('finding flag references in source text', () => {
  it('finds the Andon SDKs and React hooks, with any quote and a type argument', () => {
    const source = [
      "if (flags.isEnabled('new-checkout', user)) {}",
      'const colour = flags.variation("button-color", user, "blue")',
      'const d = client.variationDetail<string>(`banner.text`, ctx, "")',
      "const on = useFlag( 'dark-mode' )",
      "const v = useVariation<number>('limit', 10)",
    ].join('\n')
    expect(flagsIn(source)).toEqual([
      'new-checkout',
      'button-color',
      'banner.text',
      'dark-mode',
      'limit',
    ])
  })

  it("finds OpenFeature's calls in the languages it serves", () => {
    const source = [
      "await client.getBooleanValue('ts-flag', false)", // TypeScript, Java
      'client.get_string_details("py-flag", "x")', // Python
      'v, _ := client.BooleanValue(ctx, "go-flag", false, evalCtx)', // Go
      'await client.GetIntegerValueAsync("dotnet-flag", 3);', // .NET
      'client.getObjectDetails("java-flag", Value())', // Java
    ].join('\n')
    expect(flagsIn(source)).toEqual(['ts-flag', 'py-flag', 'go-flag', 'dotnet-flag', 'java-flag'])
  })

  it('ignores keys that are not a literal first argument, and other calls', () => {
    const source = [
      'flags.isEnabled(FLAG_KEY, user)',
      "notAnEvaluation('new-checkout')",
      "const name = 'isEnabled'",
      'flags.isEnabled(`prefix-${x}`, user)',
      "myisEnabled('x')",
    ].join('\n')
    expect(flagsIn(source)).toEqual([])
  })

  it('gives the 1-based line and the column of the key literal, and the trimmed line', () => {
    const [ref] = findRefs('src/a.ts', "const a = 1\n\n    if (flags.isEnabled('k', u)) go()\n")
    expect(ref).toEqual({
      flag: 'k',
      file: 'src/a.ts',
      line: 3,
      column: 25,
      text: "if (flags.isEnabled('k', u)) go()",
    })
  })

  it('reads a large hostile file in linear time', () => {
    const hostile = 'isEnabled('.repeat(50_000) + "'" + 'a'.repeat(100_000)
    const started = performance.now()
    expect(flagsIn(hostile)).toEqual([])
    // Generous: a backtracking blow-up would take minutes, not seconds.
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
