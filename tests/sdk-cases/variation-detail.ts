/**
 * One set of cases for `variationDetail`, run against both SDKs (tests/sdk-node and
 * tests/browser): the same payload, context and defaults must give the same results, typed
 * by the default as core's `typedResult` says, and never a throw. Expected values are
 * written from the flag model and the typed rule, not taken from either SDK's output.
 */
import type { Flag, JsonValue, Payload, Reason } from '@andon/core'

function flag(key: string, variations: JsonValue[], extra: Partial<Flag> = {}): Flag {
  return {
    key,
    version: 1,
    enabled: true,
    variations,
    offVariation: null,
    fallthrough: { variation: 0 },
    ...extra,
  }
}

export const CASES_PAYLOAD: Payload = {
  schemaVersion: 1,
  environment: 'test',
  version: 7,
  flags: {
    bool: flag('bool', [true, false]),
    str: flag('str', ['blue', 'red']),
    num: flag('num', [3, 4]),
    obj: flag('obj', [{ columns: 2 }]),
    arr: flag('arr', [[1, 2]]),
    nothing: flag('nothing', [null]),
    off: flag('off', ['on', 'off'], { enabled: false }),
    'off-variation': flag('off-variation', ['on', 'off'], { enabled: false, offVariation: 1 }),
    gated: flag('gated', ['in', 'out'], { prerequisites: [{ key: 'bool', variation: 1 }] }),
    malformed: flag('malformed', [true], { fallthrough: { variation: 5 } }),
    named: flag('named', [{ name: 'control', value: 'blue' }, 'red']),
    'named-object': flag('named-object', [{ name: 'wide', value: { columns: 3 } }]),
  },
  segments: {},
}

/** Every case evaluates this context. */
export const CASES_CONTEXT = { key: 'user-1' }

export interface VariationDetailCase {
  name: string
  flag: string
  default: JsonValue
  expect: {
    value: JsonValue
    variationIndex: number | null
    variationName?: string
    reason: Reason
  }
}

const WRONG_TYPE: Reason = { kind: 'ERROR', errorKind: 'WRONG_TYPE' }
const FALLTHROUGH: Reason = { kind: 'FALLTHROUGH' }

export const VARIATION_DETAIL_CASES: VariationDetailCase[] = [
  {
    name: 'a boolean flag with a boolean default serves its value',
    flag: 'bool',
    default: false,
    expect: { value: true, variationIndex: 0, reason: FALLTHROUGH },
  },
  {
    name: 'a boolean flag with a string default serves the default, WRONG_TYPE',
    flag: 'bool',
    default: 'no',
    expect: { value: 'no', variationIndex: null, reason: WRONG_TYPE },
  },
  {
    name: 'a string flag with a string default serves its value',
    flag: 'str',
    default: 'green',
    expect: { value: 'blue', variationIndex: 0, reason: FALLTHROUGH },
  },
  {
    name: 'a string flag with a number default serves the default, WRONG_TYPE',
    flag: 'str',
    default: 0,
    expect: { value: 0, variationIndex: null, reason: WRONG_TYPE },
  },
  {
    name: 'a number flag with a number default serves its value',
    flag: 'num',
    default: 10,
    expect: { value: 3, variationIndex: 0, reason: FALLTHROUGH },
  },
  {
    name: 'an object flag with an object default serves its value',
    flag: 'obj',
    default: {},
    expect: { value: { columns: 2 }, variationIndex: 0, reason: FALLTHROUGH },
  },
  {
    name: 'an object flag with an array default serves the default, WRONG_TYPE',
    flag: 'obj',
    default: [],
    expect: { value: [], variationIndex: null, reason: WRONG_TYPE },
  },
  {
    name: 'an array flag with an array default serves its value',
    flag: 'arr',
    default: [],
    expect: { value: [1, 2], variationIndex: 0, reason: FALLTHROUGH },
  },
  {
    name: 'a null default takes a value of any type',
    flag: 'str',
    default: null,
    expect: { value: 'blue', variationIndex: 0, reason: FALLTHROUGH },
  },
  {
    name: 'a flag that serves null with a string default serves the default, WRONG_TYPE',
    flag: 'nothing',
    default: 'x',
    expect: { value: 'x', variationIndex: null, reason: WRONG_TYPE },
  },
  {
    name: 'an unknown flag serves the default, FLAG_NOT_FOUND',
    flag: 'missing',
    default: 'd',
    expect: {
      value: 'd',
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'FLAG_NOT_FOUND' },
    },
  },
  {
    name: 'an off flag without an off variation serves the default, OFF',
    flag: 'off',
    default: 'fallback',
    expect: { value: 'fallback', variationIndex: null, reason: { kind: 'OFF' } },
  },
  {
    name: 'an off flag serves its off variation, typed like any other',
    flag: 'off-variation',
    default: 'fallback',
    expect: { value: 'off', variationIndex: 1, reason: { kind: 'OFF' } },
  },
  {
    name: 'a failed prerequisite without an off variation serves the default',
    flag: 'gated',
    default: 'fallback',
    expect: {
      value: 'fallback',
      variationIndex: null,
      reason: { kind: 'PREREQUISITE_FAILED', prerequisiteKey: 'bool' },
    },
  },
  {
    name: 'a named variation serves its value, with its name',
    flag: 'named',
    default: 'none',
    expect: { value: 'blue', variationIndex: 0, variationName: 'control', reason: FALLTHROUGH },
  },
  {
    name: 'a named variation is typed by its value, not by its wrapping',
    flag: 'named',
    default: 0,
    expect: { value: 0, variationIndex: null, reason: WRONG_TYPE },
  },
  {
    name: 'a named object variation serves the object alone',
    flag: 'named-object',
    default: {},
    expect: {
      value: { columns: 3 },
      variationIndex: 0,
      variationName: 'wide',
      reason: FALLTHROUGH,
    },
  },
  {
    name: 'a malformed flag serves the default, MALFORMED_FLAG',
    flag: 'malformed',
    default: false,
    expect: {
      value: false,
      variationIndex: null,
      reason: { kind: 'ERROR', errorKind: 'MALFORMED_FLAG' },
    },
  },
]

/** Defaults and keys that are no JSON at all: evaluation must still not throw. */
export const ODD_CALLS: [unknown, unknown][] = [
  [undefined, undefined],
  [42, Symbol('default')],
  ['bool', () => 1],
  [{ toString: () => 'bool' }, 1n],
]
