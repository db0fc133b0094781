/**
 * Step definitions for OpenFeature's `evaluation_v2.feature`: each step's text is matched by
 * a pattern and acts on the scenario's world, through a harness for the provider under test.
 */
import { expect } from 'vitest'
import type { Evaluated, FlagType, Harness, ProviderKind } from './harness.js'

/** A quoted step argument, in which `\"` stands for a quote. */
const Q = '"((?:[^"\\\\]|\\\\.)*)"'
const unescape = (text: string) => text.replace(/\\(.)/g, '$1')

/** A value of the suite's tables as the flag type reads it. */
function typed(type: string, text: string): unknown {
  switch (type) {
    case 'Boolean':
      return text === 'true'
    case 'Integer':
    case 'Float':
      return Number(text)
    case 'Object':
      return JSON.parse(text)
    default:
      return text
  }
}

export class World {
  domain = ''
  type: FlagType = 'Boolean'
  key = ''
  defaultValue: unknown
  context: Record<string, unknown> = {}
  hooks = false
  evaluated: Evaluated | undefined

  constructor(readonly harness: Harness) {}

  get result(): Evaluated {
    if (!this.evaluated) throw new Error('no evaluation yet')
    return this.evaluated
  }

  async evaluate() {
    this.evaluated = await this.harness.evaluate(this.domain, {
      type: this.type,
      key: this.key,
      defaultValue: this.defaultValue,
      context: this.context,
      hooks: this.hooks,
    })
  }
}

type Step = [RegExp, (world: World, ...args: string[]) => unknown]

const STEPS: Step[] = [
  [
    /^a (stable|not ready|error|fatal|stale) provider$/,
    async (w, kind) => (w.domain = await w.harness.provider(kind as ProviderKind)),
  ],
  [
    new RegExp(
      `^a (Boolean|String|Integer|Float|Object)-flag with key ${Q} and a fallback value ${Q}$`,
    ),
    (w, type, key, fallback) => {
      w.type = type as FlagType
      w.key = unescape(key!)
      w.defaultValue = typed(type!, unescape(fallback!))
    },
  ],
  [
    new RegExp(`^a context containing a key ${Q}, with type ${Q} and with value ${Q}$`),
    (w, key, type, value) => (w.context[unescape(key!)] = typed(type!, unescape(value!))),
  ],
  [
    new RegExp(`^a context containing a key ${Q} with null value$`),
    (w, key) => (w.context[unescape(key!)] = null),
  ],
  [
    /^an evaluation context with modifiable data$/,
    (w) => (w.context = { targetingKey: 'modifiable', tags: ['a', 'b'], visits: 3 }),
  ],
  [/^evaluation options containing specific hooks$/, (w) => (w.hooks = true)],
  [/^the flag was evaluated with details$/, (w) => w.evaluate()],
  [/^the flag was evaluated with details using the evaluation options$/, (w) => w.evaluate()],
  [/^the flag was evaluated with details asynchronously$/, (w) => w.evaluate()],
  [
    new RegExp(`^the resolved details value should be ${Q}$`),
    (w, value) => expect(w.result.details.value).toEqual(typed(w.type, unescape(value!))),
  ],
  [
    new RegExp(`^the reason should be ${Q}$`),
    (w, reason) => expect(w.result.details.reason).toBe(reason),
  ],
  [
    new RegExp(`^the error-code should be ${Q}$`),
    (w, code) => {
      expect(w.result.details.errorCode).toBe(code)
      // Andon's own rule: every error says what went wrong.
      expect(w.result.details.errorMessage).toMatch(/\S/)
    },
  ],
  [
    new RegExp(`^the flag key should be ${Q}$`),
    (w, key) => expect(w.result.details.flagKey).toBe(key),
  ],
  [
    new RegExp(`^the variant should be ${Q}$`),
    (w, variant) => expect(w.result.details.variant).toBe(variant),
  ],
  [
    new RegExp(`^the provider status should be ${Q}$`),
    async (w, status) => expect(await w.harness.status(w.domain)).toBe(status),
  ],
  [
    /^the specified hooks should execute during evaluation$/,
    (w) => {
      for (const stage of ['before', 'after', 'finally']) {
        expect(w.result.hookCalls).toContain(`a.${stage}`)
        expect(w.result.hookCalls).toContain(`b.${stage}`)
      }
    },
  ],
  [
    // Spec 4.4.2: before hooks in order, after and finally hooks in reverse order.
    /^the hook order should be maintained$/,
    (w) =>
      expect(w.result.hookCalls).toEqual([
        'a.before',
        'b.before',
        'b.after',
        'a.after',
        'b.finally',
        'a.finally',
      ]),
  ],
  [
    /^the original evaluation context should remain unmodified$/,
    (w) => expect(w.result.contextUnchanged).toBe(true),
  ],
  [
    /^the evaluation details should be immutable$/,
    (w) => expect(w.result.metadataFrozen).toBe(true),
  ],
  [
    /^the evaluation should complete without blocking$/,
    (w) => expect(w.result.returnedPromise).toBe(true),
  ],
]

/** Runs one step of a scenario; a step no definition matches fails the scenario. */
export async function runStep(world: World, text: string): Promise<void> {
  for (const [pattern, act] of STEPS) {
    const match = pattern.exec(text)
    if (match) {
      await act(world, ...match.slice(1))
      return
    }
  }
  throw new Error(`no step definition matches: ${text}`)
}
