import { describe, expect, it } from 'vitest'
import { payloadSchema, streamDeleteSchema, streamPatchSchema } from './schemas.js'
import { asDelete, asPatch, asPayload, parseJson, parseStreamEvent } from './wire-check.js'

const flag = { key: 'a', version: 1, enabled: true }
const good = { schemaVersion: 1, environment: 'prod', version: 3, flags: { a: flag }, segments: {} }

const payloads: [string, unknown][] = [
  ['a payload', good],
  ['an empty payload', { ...good, flags: {}, segments: {} }],
  ['extra fields', { ...good, extra: true, flags: { a: { ...flag, odd: [1] } } }],
  ['another schema version', { ...good, schemaVersion: 2 }],
  ['a string version', { ...good, version: '3' }],
  ['a fractional version', { ...good, version: 1.5 }],
  ['a negative version', { ...good, version: -1 }],
  ['no environment', { ...good, environment: undefined }],
  ['flags as an array', { ...good, flags: [flag] }],
  ['a flag without version', { ...good, flags: { a: { key: 'a' } } }],
  ['a flag that is null', { ...good, flags: { a: null } }],
  ['a segment without key', { ...good, segments: { s: { version: 1 } } }],
  ['no segments', { ...good, segments: undefined }],
  ['null', null],
  ['an array', [good]],
  ['a string', 'payload'],
]

const patches: [string, unknown][] = [
  ['a flag patch', { kind: 'flag', key: 'a', version: 2, value: flag }],
  ['a segment patch', { kind: 'segment', key: 's', version: 2, value: { key: 's', version: 2 } }],
  ['an unknown kind', { kind: 'rule', key: 'a', version: 2, value: flag }],
  ['a string version', { kind: 'flag', key: 'a', version: '2', value: flag }],
  ['no value', { kind: 'flag', key: 'a', version: 2 }],
  ['a value without version', { kind: 'flag', key: 'a', version: 2, value: { key: 'a' } }],
  ['a value that is an array', { kind: 'flag', key: 'a', version: 2, value: [flag] }],
  ['a numeric key', { kind: 'flag', key: 1, version: 2, value: flag }],
  ['null', null],
]

const deletes: [string, unknown][] = [
  ['a flag delete', { kind: 'flag', key: 'a', version: 4 }],
  ['a segment delete', { kind: 'segment', key: 's', version: 4 }],
  ['no version', { kind: 'flag', key: 'a' }],
  ['an unknown kind', { kind: 'environment', key: 'a', version: 4 }],
  ['a string', 'delete'],
]

describe('the hand checks of what the server sends', () => {
  it.each(payloads)('judge a payload with %s as core’s payloadSchema does', (_, data) => {
    expect(asPayload(data) !== undefined).toBe(payloadSchema.safeParse(data).success)
  })

  it.each(patches)('judge a patch with %s as core’s streamPatchSchema does', (_, data) => {
    expect(asPatch(data) !== undefined).toBe(streamPatchSchema.safeParse(data).success)
  })

  it.each(deletes)('judge a delete with %s as core’s streamDeleteSchema does', (_, data) => {
    expect(asDelete(data) !== undefined).toBe(streamDeleteSchema.safeParse(data).success)
  })

  it('accepts some and rejects some of each, so the comparisons above mean something', () => {
    expect(payloads.filter(([, d]) => asPayload(d)).length).toBe(3)
    expect(patches.filter(([, d]) => asPatch(d)).length).toBe(2)
    expect(deletes.filter(([, d]) => asDelete(d)).length).toBe(2)
  })

  it('parses JSON without throwing', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 })
    expect(parseJson('{"a":')).toBeUndefined()
    expect(parseJson(undefined)).toBeUndefined()
  })

  it('checks a stream event as its name says', () => {
    const patch = patches[0]![1]
    expect(parseStreamEvent('patch', JSON.stringify(patch))).toEqual(patch)
    expect(parseStreamEvent('delete', JSON.stringify(patch))).toEqual(patch) // a patch is a delete, and more
    expect(parseStreamEvent('put', JSON.stringify(patch))).toBeUndefined()
    expect(parseStreamEvent('put', JSON.stringify(good))).toEqual(good)
    expect(parseStreamEvent('patch', '{"kind":')).toBeUndefined()
  })
})
