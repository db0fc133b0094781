/**
 * zod schemas as OpenAPI 3.1 schemas, by zod's own `z.toJSONSchema`. Schemas named with
 * `.meta({ id })`, and the recursive ones zod pulls out, land in `components.schemas` and are
 * referred to there: `$defs` nested in a request body would leave `#/$defs/...` pointing at
 * the document's root, where nothing is.
 */
import { z, type ZodType } from 'zod'
import { clauseSchema, jsonValueSchema, serveSchema } from '@andon/core'

type JsonSchema = Record<string, unknown>

// core's schemas, named here so that the document refers to them instead of repeating them.
// The recursive JSON value (inside the depth check) must be named: it refers to itself.
const jsonTree = (jsonValueSchema as unknown as { def: { out: ZodType } }).def.out
z.globalRegistry.add(jsonTree, { id: 'JsonValue', description: 'any JSON value' })
z.globalRegistry.add(serveSchema, { id: 'Serve' })
z.globalRegistry.add(clauseSchema, { id: 'Clause' })

const COMPONENTS = '#/components/schemas/'

/** Points `#/$defs/X` references at `#/components/schemas/X`, throughout a schema. */
function rehome(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rehome)
  if (value === null || typeof value !== 'object') return value
  const out: JsonSchema = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, COMPONENTS) : rehome(v)
  }
  return out
}

/**
 * zod closes every object of an answer to other fields; only strict ones are closed here, so
 * that an answer may gain a field without breaking a client that checks answers, and a schema
 * that requests and answers share (a clause) is the same in both.
 */
function openAnswers(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }) {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def
  if (def.type === 'object' && def.catchall === undefined)
    delete ctx.jsonSchema.additionalProperties
}

/** Collects the named schemas of a document while its operations are converted. */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {}

  /** The OpenAPI schema of a request part (`input`) or an answer (`output`). */
  convert(schema: ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      target: 'draft-2020-12',
      override: io === 'output' ? openAnswers : undefined,
    })
    const { $schema: _dialect, $defs = {}, ...rest } = json as JsonSchema & { $defs?: JsonSchema }
    for (const [name, def] of Object.entries($defs)) this.add(name, rehome(def) as JsonSchema)
    return rehome(rest) as JsonSchema
  }

  private add(name: string, schema: JsonSchema) {
    const known = this.schemas[name]
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(schema)) {
      // One name, two shapes (such as a default that makes a field required in answers only).
      throw new Error(`two different schemas are named ${name}`)
    }
    this.schemas[name] = schema
  }
}
