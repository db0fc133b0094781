/**
 * `matches` patterns through the admin API: what is outside the linear-time syntax is refused
 * at save with 422 naming the value, in flags and in segments; a pattern that would hang a
 * backtracking engine is within the syntax, is saved, and the preview answers it at once
 * while the server keeps answering.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
  await h.call('POST', '/api/v1/flags', { body: { key: 'f' } })
})

const matchesRule = (values: string[]) => ({
  clauses: [
    { attribute: 'country', op: 'in', values: ['SE'] },
    { attribute: 'path', op: 'matches', values },
  ],
  serve: { variation: 1 },
})

const saveRules = (...values: string[][]) =>
  h.call('PATCH', '/api/v1/flags/f/environments/production', {
    body: { enabled: true, rules: values.map(matchesRule), fallthrough: { variation: 0 } },
  })

const preview = (path: string) =>
  h.call('POST', '/api/v1/environments/production/evaluate', {
    body: { flag: 'f', context: { key: 'u', country: 'SE', path } },
  })

type Issue = { path: (string | number)[]; message: string }

describe('matches patterns at save', () => {
  it.each([
    ['(a)\\1', /^backreferences \(\\1\) are not supported by matches \(linear-time syntax/],
    ['(?=a)', /^lookahead is not supported by matches/],
    ['(?<=a)b', /^lookbehind is not supported by matches/],
    ['\\p{L}', /^Unicode property escapes are not supported/],
    ['a{', /^a lone \{ is not supported .*write \\\{/],
    ['a{5000}', /compiles to more than 2000 steps/],
    ['[z-a]', /^Invalid regular expression: .*Range out of order/],
  ])('refuses %j with 422 naming the value', async (pattern, message) => {
    const res = await saveRules(['^ok$'], ['fine', pattern])
    expect(res.status).toBe(422)
    expect(res.json.issues).toContainEqual({
      path: ['rules', 1, 'clauses', 1, 'values', 1],
      message: expect.stringMatching(message),
    })
    expect((await h.call('GET', '/api/v1/flags/f/environments/production')).json.version).toBe(1)
  })

  it('refuses the values of one clause that are too large together, naming the clause', async () => {
    const res = await saveRules(['a{1500}', 'b{1500}'])
    expect(res.status).toBe(422)
    expect(res.json.issues.map((i: Issue) => i.path)).toEqual([
      ['rules', 0, 'clauses', 1, 'values'],
    ])
  })

  it('accepts patterns a backtracking engine would hang on, and previews them at once', async () => {
    const saved = await saveRules(['^(a+)+$', '(a|a)*b', '(a*)*b', '(.*a){20}$'])
    expect(saved.status).toBe(200)
    for (const path of [
      'a'.repeat(41) + '!',
      'a'.repeat(1023) + '!',
      'a'.repeat(1023) + '!a'.repeat(2000),
    ]) {
      const res = await preview(path)
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({ value: false, reason: { kind: 'FALLTHROUGH' } })
    }
    expect((await preview('aaa')).json).toMatchObject({
      value: true,
      reason: { kind: 'RULE_MATCH', ruleIndex: 0 },
    })
    const health = await h.app.request('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true, database: h.kind })
  })
})

describe('matches patterns in segments', () => {
  const segments = '/api/v1/environments/production/segments'
  const segmentRule = (values: string[]) => ({
    rules: [{ clauses: [{ attribute: 'email', op: 'matches', values }] }],
  })

  it('refuses one outside the syntax on create and on change, naming the value', async () => {
    const created = await h.call('POST', segments, {
      body: { key: 's', ...segmentRule(['@example\\.com$', '(?!x)']) },
    })
    expect(created.status).toBe(422)
    expect(created.json.issues).toContainEqual({
      path: ['rules', 0, 'clauses', 0, 'values', 1],
      message: expect.stringMatching(/^lookahead is not supported by matches/),
    })
    expect(
      (await h.call('POST', segments, { body: { key: 's', ...segmentRule(['^(a+)+$']) } })).status,
    ).toBe(201)
    const changed = await h.call('PATCH', `${segments}/s`, { body: segmentRule(['\\k<n>']) })
    expect(changed.status).toBe(422)
    expect(changed.json.issues.map((i: Issue) => i.path)).toEqual([
      ['rules', 0, 'clauses', 0, 'values', 0],
    ])
  })
})
