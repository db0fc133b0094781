/**
 * The API document as a running server serves it: valid for swagger-parser and for Redocly's
 * recommended rules, and saying what clients need to know (how to authenticate, the
 * conditional and resume headers, the error answers, the stream's media type).
 */
import SwaggerParser from '@apidevtools/swagger-parser'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import type { OpenAPIV3_1 } from 'openapi-types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'

let server: AndonServer
let text: string
let doc: OpenAPIV3_1.Document

beforeAll(async () => {
  server = await startAndonServer()
  const res = await fetch(`${server.url}/api/openapi.json`)
  expect(res.status).toBe(200)
  text = await res.text()
  doc = JSON.parse(text) as OpenAPIV3_1.Document
})

afterAll(async () => {
  await server?.stop()
})

type Operation = OpenAPIV3_1.OperationObject
type Parameter = OpenAPIV3_1.ParameterObject

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

function operations(): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item?.[method]
      return op === undefined ? [] : [{ path, method, op }]
    }),
  )
}

const operation = (path: string, method: (typeof METHODS)[number]) => {
  const op = doc.paths?.[path]?.[method]
  if (op === undefined) throw new Error(`no ${method} ${path} in the document`)
  return op
}

const parameterNames = (op: Operation, where: string) =>
  ((op.parameters ?? []) as Parameter[]).filter((p) => p.in === where).map((p) => p.name)

describe('the served OpenAPI document', () => {
  it('passes swagger-parser validation with every reference resolved', async () => {
    // validate() dereferences: a $ref pointing nowhere (such as #/$defs/...) throws.
    const checked = await SwaggerParser.validate(JSON.parse(text) as OpenAPIV3_1.Document)
    expect((checked as OpenAPIV3_1.Document).openapi).toBe('3.1.0')
  })

  it("has no error under Redocly's recommended rules, and only the expected warnings", async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config })
    const lines = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}`)
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([])
    // /healthz, /metrics and the sign-in methods answer no 4xx at all, and single sign-on's
    // two steps answer redirects, no 2xx: documenting one would be untrue.
    expect(lines).toEqual([
      'warn operation-4xx-response #/paths/~1healthz/get/responses',
      'warn operation-4xx-response #/paths/~1metrics/get/responses',
      'warn operation-4xx-response #/paths/~1api~1v1~1auth~1methods/get/responses',
      'warn operation-2xx-response #/paths/~1api~1v1~1auth~1sso~1start/get/responses',
      'warn operation-2xx-response #/paths/~1api~1v1~1auth~1sso~1callback/get/responses',
    ])
  })

  it('names this server and gives every operation an id, a summary and a tag', () => {
    expect(doc.servers).toEqual([{ url: server.url, description: 'this server' }])
    const ops = operations()
    expect(ops.length).toBeGreaterThan(25)
    const ids = ops.map(({ op }) => op.operationId)
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ops.filter(({ op }) => !op.summary || op.tags?.length !== 1)).toEqual([])
  })

  it('describes the admin token, the SDK key in a header or in ?key=, and hook keys', () => {
    const schemes = doc.components?.securitySchemes ?? {}
    expect(schemes.admin).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(schemes.sdk).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(schemes.sdkQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'key' })
    expect(schemes.hook).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(operation('/sdk/v1/stream', 'get').security).toEqual([{ sdk: [] }, { sdkQuery: [] }])
    expect(operation('/api/v1/flags', 'get').security).toEqual([{ admin: [] }, { session: [] }])
    expect(operation('/hooks/v1/alertmanager', 'post').security).toEqual([{ hook: [] }])
    expect(operation('/healthz', 'get').security).toEqual([])
  })

  it('lists the error answers of authentication, validation, the body limits and a database away', () => {
    const responses = operation('/api/v1/flags/{key}/environments/{env}', 'patch').responses ?? {}
    expect(Object.keys(responses).sort()).toEqual(
      ['200', '202', '400', '401', '403', '404', '412', '413', '422', '429', '500', '503'].sort(),
    )
    const shared = doc.components?.responses ?? {}
    const errorSchema = { $ref: '#/components/schemas/Error' }
    for (const name of [
      'Unauthorized',
      'Forbidden',
      'Invalid',
      'TooLarge',
      'TooManyRequests',
      'Unavailable',
    ]) {
      const r = shared[name] as OpenAPIV3_1.ResponseObject
      expect(r.content?.['application/json']?.schema).toEqual(errorSchema)
    }
    expect(Object.keys((shared.TooManyRequests as OpenAPIV3_1.ResponseObject).headers!)).toEqual([
      'Retry-After',
    ])
    const error = doc.components?.schemas?.Error as OpenAPIV3_1.SchemaObject
    expect(error.required).toEqual(['error'])
    expect(Object.keys(error.properties ?? {})).toEqual(['error', 'issues'])
    // A route that validates nothing answers no 422.
    expect(Object.keys(operation('/api/v1/flags', 'get').responses ?? {})).not.toContain('422')
  })

  it('documents ETag, If-Match, If-None-Match with its 304, and Last-Event-ID', () => {
    const config = operation('/api/v1/flags/{key}/environments/{env}', 'patch')
    expect(parameterNames(config, 'header')).toEqual(['If-Match'])
    const ok = config.responses?.['200'] as OpenAPIV3_1.ResponseObject
    expect(Object.keys(ok.headers ?? {})).toEqual(['ETag'])
    const payload = operation('/sdk/v1/flags', 'get')
    expect(parameterNames(payload, 'header')).toEqual(['If-None-Match'])
    expect(payload.responses?.['304']).toMatchObject({ headers: { ETag: {} } })
    const stream = operation('/sdk/v1/stream', 'get')
    expect(parameterNames(stream, 'header')).toEqual(['Last-Event-ID'])
    expect(Object.keys((stream.responses?.['200'] as OpenAPIV3_1.ResponseObject).content!)).toEqual(
      ['text/event-stream'],
    )
  })

  it('carries the new environment and audit fields and the comment of a config change', () => {
    const schemas = doc.components?.schemas ?? {}
    const env = schemas.Environment as OpenAPIV3_1.SchemaObject
    expect(env.required).toContain('critical')
    const audit = schemas.AuditEntry as OpenAPIV3_1.SchemaObject
    expect(audit.properties?.comment).toEqual(expect.objectContaining({ type: ['string', 'null'] }))
    const patch = operation('/api/v1/environments/{env}', 'patch')
    const body = (patch.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']
    expect(Object.keys((body?.schema as OpenAPIV3_1.SchemaObject).properties ?? {})).toEqual([
      'name',
      'critical',
      'requireApproval',
    ])
    const config = operation('/api/v1/flags/{key}/environments/{env}', 'patch')
    const configBody = (config.requestBody as OpenAPIV3_1.RequestBodyObject).content[
      'application/json'
    ]?.schema as OpenAPIV3_1.SchemaObject
    expect(configBody.properties?.comment).toEqual({ type: 'string', minLength: 1, maxLength: 500 })
  })
})
