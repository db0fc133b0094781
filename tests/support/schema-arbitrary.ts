/**
 * fast-check arbitraries derived from zod schemas, for fuzzing the server with bodies that
 * mostly pass validation (and so reach the store) and sometimes carry a wrong value somewhere.
 * No maintained bridge fits zod 4 and fast-check 4 (zod-fast-check wants zod 3 and fast-check 3),
 * so this walks the schema's JSON Schema (`z.toJSONSchema`), which covers what the wire schemas
 * use: objects, records, arrays, strings with patterns, bounded numbers, enums, unions, $refs.
 */
import fc from 'fast-check'
import { z } from 'zod'

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: JsonSchema | boolean
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  $ref?: string
  $defs?: Record<string, JsonSchema>
}

export interface SchemaArbitraryOptions {
  /** How often (0 to 1) a value is swapped for a hostile one of any type. */
  mutate?: number
  /** Strings to use often for key-like fields, so that requests name things that exist. */
  keys?: readonly string[]
}

/** Values that break naive code: wrong types, edge numbers, odd strings, prototype names. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    '',
    ' ',
    '__proto__',
    'constructor',
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '\u0000',
    '\ud800',
    '💥'.repeat(50),
    -1,
    -0,
    0.5,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    1e308,
    -1e308,
    Number.MIN_VALUE,
    [],
    {},
    [null],
    // JSON.parse makes `__proto__` an own key, as a request body would.
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  ),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  // Deep enough to overflow any recursive walk, shallow enough for JSON.stringify.
  fc.integer({ min: 30, max: 3000 }).map((depth) => {
    let value: unknown = 1
    for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value }
    return value
  }),
)

const SMALL = 4
const MAX_DEPTH = 4

export function arbitraryOf(
  schema: z.ZodType,
  options: SchemaArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const mutate = options.mutate ?? 0
  const keys = options.keys ?? []

  function node(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const valid = exact(s, depth)
    if (mutate === 0) return valid
    const weight = Math.max(1, Math.round(mutate * 100))
    return fc.oneof({ weight: 100 - weight, arbitrary: valid }, { weight, arbitrary: hostileValue })
  }

  function exact(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    if (s.$ref !== undefined) {
      const name = s.$ref.replace('#/$defs/', '')
      const target = root.$defs?.[name] ?? {}
      // Deep enough: recursive definitions end in a scalar.
      return depth >= MAX_DEPTH
        ? fc.oneof(fc.string(), fc.integer(), fc.boolean())
        : node(target, depth + 1)
    }
    if (s.const !== undefined) return fc.constant(s.const)
    if (s.enum !== undefined) return fc.constantFrom(...s.enum)
    const union = s.anyOf ?? s.oneOf
    if (union !== undefined) return fc.oneof(...union.map((u) => node(u, depth)))
    if (Array.isArray(s.type))
      return fc.oneof(...s.type.map((t) => exact({ ...s, type: t }, depth)))
    switch (s.type) {
      case 'string':
        return stringOf(s)
      case 'integer':
        return integerOf(s)
      case 'number':
        return numberOf(s)
      case 'boolean':
        return fc.boolean()
      case 'null':
        return fc.constant(null)
      case 'array':
        return fc.array(s.items === undefined ? hostileValue : node(s.items, depth + 1), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? SMALL, Math.max(SMALL, s.minItems ?? 0)),
        })
      case 'object':
        return objectOf(s, depth)
      default:
        return hostileValue
    }
  }

  function stringOf(s: JsonSchema): fc.Arbitrary<string> {
    if (s.pattern !== undefined) {
      const matching = fc.stringMatching(new RegExp(s.pattern))
      const isKey = s.pattern.startsWith('^[A-Za-z0-9]')
      return isKey && keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), matching) : matching
    }
    const minLength = s.minLength ?? 0
    const maxLength = Math.min(s.maxLength ?? 40, Math.max(40, minLength))
    return fc.string({ minLength, maxLength })
  }

  function integerOf(s: JsonSchema): fc.Arbitrary<number> {
    const min = Math.max(
      s.minimum ?? Number.MIN_SAFE_INTEGER,
      s.exclusiveMinimum === undefined ? -Infinity : s.exclusiveMinimum + 1,
    )
    const max = Math.min(
      s.maximum ?? Number.MAX_SAFE_INTEGER,
      s.exclusiveMaximum === undefined ? Infinity : s.exclusiveMaximum - 1,
    )
    // Small values name variations and versions that exist; the bounds test the edges.
    const near = fc.integer({ min: Math.max(min, -2), max: Math.min(max, Math.max(min, 0) + 3) })
    return fc.oneof(near, fc.constantFrom(min, max), fc.integer({ min, max }))
  }

  function numberOf(s: JsonSchema): fc.Arbitrary<number> {
    const min = s.minimum ?? s.exclusiveMinimum ?? -1e15
    const max = s.maximum ?? s.exclusiveMaximum ?? 1e15
    const excluded = (n: number) => n === s.exclusiveMinimum || n === s.exclusiveMaximum
    return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((n) => !excluded(n))
  }

  function objectOf(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = Object.entries(s.properties ?? {})
    const extra = s.additionalProperties
    if (properties.length === 0 && typeof extra === 'object') {
      return fc.dictionary(fc.string({ maxLength: 12 }), node(extra, depth + 1), { maxKeys: SMALL })
    }
    const shape = Object.fromEntries(properties.map(([k, v]) => [k, node(v, depth + 1)]))
    return fc.record(shape, { requiredKeys: s.required ?? [] })
  }

  return node(root, 0)
}
