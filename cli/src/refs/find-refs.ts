/**
 * Where flag keys are used in source text: the first argument of the calls that evaluate a
 * flag, in the Andon SDKs (`isEnabled`, `variation`, `variationDetail`, `useFlag`,
 * `useVariation`, `useVariationDetail`) and in OpenFeature's clients of every language
 * (`getBooleanValue`, `get_string_details`, `GetIntegerValueAsync`, ...), when it is a string
 * literal. The pattern has no nested quantifier, so it runs in linear time on any file.
 */

export interface CodeRef {
  flag: string
  /** Relative to the scanned folder, with `/`. */
  file: string
  /** 1-based, of the key's string literal. */
  line: number
  column: number
  /** The line, trimmed, at most 200 characters. */
  text: string
}

const ANDON_CALLS = [
  'isEnabled',
  'variation',
  'variationDetail',
  'useFlag',
  'useVariation',
  'useVariationDetail',
]

/** OpenFeature's evaluation methods in camelCase, snake_case and .NET's PascalCase...Async. */
const OPENFEATURE_CALLS = [
  'Boolean',
  'String',
  'Number',
  'Integer',
  'Float',
  'Double',
  'Object',
].flatMap((type) => [
  `get${type}Value`,
  `get${type}Details`,
  `get_${type.toLowerCase()}_value`,
  `get_${type.toLowerCase()}_details`,
  `Get${type}ValueAsync`,
  `Get${type}DetailsAsync`,
  `${type}Value`,
  `${type}ValueDetails`,
])

const CALL = new RegExp(
  String.raw`\b(?:${[...ANDON_CALLS, ...OPENFEATURE_CALLS].join('|')})\s*(?:<[^<>()]{0,80}>)?\(\s*(?:ctx\s*,\s*|context\s*,\s*)?(['"\x60])([A-Za-z0-9][A-Za-z0-9._:-]{0,127})\1`,
  'g',
)

export function findRefs(file: string, source: string): CodeRef[] {
  const refs: CodeRef[] = []
  const lineStarts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    lineStarts.push(i + 1)
  }
  for (const m of source.matchAll(CALL)) {
    // Group 1 is the opening quote of the key: the last quote of its kind in the match but one.
    const at = (m.index ?? 0) + m[0].lastIndexOf(m[1] as string, m[0].length - 2)
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((lineStarts[mid] as number) <= at) lo = mid
      else hi = mid - 1
    }
    const start = lineStarts[lo] as number
    const end = source.indexOf('\n', start)
    refs.push({
      flag: m[2] as string,
      file,
      line: lo + 1,
      column: at - start + 1,
      text: source
        .slice(start, end === -1 ? undefined : end)
        .trim()
        .slice(0, 200),
    })
  }
  return refs
}
