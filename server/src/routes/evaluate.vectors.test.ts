/**
 * The shared evaluation vectors through the API: the vectors' flags and segments are created
 * with POST/PATCH, then every case goes through POST /api/v1/environments/:env/evaluate.
 * Flags that the server must refuse (bad weights, an index out of range, a prerequisite
 * cycle) are asserted refused instead; two that name a missing prerequisite or segment are
 * refused first, then stored next to an off flag and an empty segment of those names, which
 * the spec evaluates exactly like missing ones.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EvaluationVectors, Flag } from '@andon/core'
import { createHarness, type Harness } from '../testing/harness.js'

const vectors = JSON.parse(
  readFileSync(new URL('../../../spec/vectors/evaluation.json', import.meta.url), 'utf8'),
) as EvaluationVectors

const ENV = 'vectors'
/** Flags the server refuses to store as written, with the path of the issue it reports. */
const REFUSED: Record<string, (string | number)[]> = {
  'bad-weights-1': ['fallthrough', 'rollout', 'variations'],
  'bad-index-1': ['fallthrough', 'variation'],
  'cycle-b-1': ['prerequisites'],
}
/** Stored, but only half of its cycle is, so it evaluates unlike the vector. */
const HALF_CYCLE = 'cycle-a-1'
const STAND_INS = { flag: 'nope-1', segment: 'missing-seg-1' }

let h: Harness
const refusals = new Map<string, { status: number; paths: unknown[] }>()
const firstTries = new Map<string, { status: number; paths: unknown[] }>()

function configOf(flag: Flag) {
  const { enabled, offVariation, salt, prerequisites, targets, rules, fallthrough } = flag
  return { enabled, offVariation, salt, prerequisites, targets, rules, fallthrough }
}

async function patch(flag: Flag) {
  const res = await h.call('PATCH', `/api/v1/flags/${flag.key}/environments/${ENV}`, {
    body: configOf(flag),
  })
  const paths = (res.json?.issues ?? []).map((i: { path: unknown }) => i.path)
  return { status: res.status, paths }
}

beforeAll(async () => {
  h = await createHarness()
  expect((await h.call('POST', '/api/v1/environments', { body: { key: ENV } })).status).toBe(201)
  for (const segment of Object.values(vectors.payload.segments)) {
    const { key, included, excluded, rules } = segment
    const res = await h.call('POST', `/api/v1/environments/${ENV}/segments`, {
      body: { key, included, excluded, rules },
    })
    expect(res.status).toBe(201)
  }
  const flags = Object.values(vectors.payload.flags)
  for (const flag of flags) {
    const res = await h.call('POST', '/api/v1/flags', {
      body: { key: flag.key, variations: flag.variations },
    })
    expect(res.status).toBe(201)
  }
  for (const flag of flags) {
    const result = await patch(flag)
    if (flag.key in REFUSED) refusals.set(flag.key, result)
    else if (result.status !== 200) firstTries.set(flag.key, result)
  }
  await h.call('POST', '/api/v1/flags', { body: { key: STAND_INS.flag } })
  await h.call('POST', `/api/v1/environments/${ENV}/segments`, { body: { key: STAND_INS.segment } })
  for (const key of firstTries.keys()) {
    expect(await patch(vectors.payload.flags[key] as Flag)).toEqual({ status: 200, paths: [] })
  }
})

describe('the evaluation vectors through the API', () => {
  it('refuses a missing prerequisite and a missing segment until they exist', () => {
    expect(Object.fromEntries(firstTries)).toEqual({
      'prereq-missing-1': { status: 422, paths: [['prerequisites', 0, 'key']] },
      'seg-1': { status: 422, paths: [['rules', 0, 'clauses', 0, 'values', 1]] },
    })
  })

  it.each(Object.entries(REFUSED))('refuses to store %s (issue at %j)', (key, path) => {
    const refusal = refusals.get(key)
    expect(refusal?.status).toBe(422)
    expect(refusal?.paths).toContainEqual(path)
  })

  const comparable = vectors.cases.filter((c) => !(c.flag in REFUSED) && c.flag !== HALF_CYCLE)

  it('compares most of the cases', () => {
    expect(comparable.length).toBeGreaterThan(vectors.cases.length * 0.7)
  })

  it.each(comparable)('$name', async (c) => {
    const res = await h.call('POST', `/api/v1/environments/${ENV}/evaluate`, {
      body: { flag: c.flag, context: c.context, default: c.default },
    })
    expect(res.status).toBe(200)
    expect(res.json.value).toEqual(c.expect.value)
    expect(res.json.variationIndex).toBe(c.expect.variationIndex)
    expect(res.json.reason).toMatchObject(c.expect.reason)
  })
})
