/**
 * The flags of OpenFeature's gherkin suite (`features/evaluation_v2.feature`), written as Andon
 * flags with named variations, and their creation through the real server's admin API. The
 * suite names each flag's values and variants; its flags without targeting are STATIC, its
 * targeted ones match `email` ending in `@macrosoft.com`, its disabled ones serve the caller's
 * default (off, no off variation).
 */
import type { AdminRequests } from '../support/admin-requests.js'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

interface SuiteFlag {
  key: string
  /** Named variations, in order; the first is served unless `serve` says otherwise. */
  variations: [name: string, value: Json][]
  serve?: string
  /** Andon rules, by variation name. */
  rules?: { clauses: unknown[]; serve: string }[]
  enabled?: boolean
}

const TEMPLATE = { showImages: true, title: 'Check out these pics!', imagesPerPage: 100 }
const MACROSOFT = { attribute: 'email', op: 'endsWith', values: ['@macrosoft.com'] }

/** A flag whose targeting and fallthrough both serve the zero value: only the reason tells. */
const targetedZero = (key: string, zero: Json, other: Json): SuiteFlag => ({
  key,
  variations: [
    ['zero', zero],
    ['non-zero', other],
  ],
  rules: [{ clauses: [MACROSOFT], serve: 'zero' }],
})

const disabled = (key: string, on: Json, off: Json): SuiteFlag => ({
  key,
  variations: [
    ['on', on],
    ['off', off],
  ],
  enabled: false,
})

export const SUITE_FLAGS: SuiteFlag[] = [
  {
    key: 'boolean-flag',
    variations: [
      ['on', true],
      ['off', false],
    ],
  },
  {
    key: 'string-flag',
    variations: [
      ['greeting', 'hi'],
      ['parting', 'bye'],
    ],
  },
  {
    key: 'integer-flag',
    variations: [
      ['ten', 10],
      ['one', 1],
    ],
  },
  {
    key: 'float-flag',
    variations: [
      ['half', 0.5],
      ['tenth', 0.1],
    ],
  },
  {
    key: 'object-flag',
    variations: [
      ['template', TEMPLATE],
      ['empty', {}],
    ],
  },
  {
    key: 'boolean-zero-flag',
    variations: [
      ['zero', false],
      ['non-zero', true],
    ],
  },
  {
    key: 'string-zero-flag',
    variations: [
      ['zero', ''],
      ['non-zero', 'str'],
    ],
  },
  {
    key: 'integer-zero-flag',
    variations: [
      ['zero', 0],
      ['non-zero', 1],
    ],
  },
  {
    key: 'float-zero-flag',
    variations: [
      ['zero', 0.0],
      ['non-zero', 1.0],
    ],
  },
  {
    key: 'object-zero-flag',
    variations: [
      ['zero', {}],
      ['non-zero', { showImages: true }],
    ],
  },
  targetedZero('boolean-targeted-zero-flag', false, true),
  targetedZero('string-targeted-zero-flag', '', 'str'),
  targetedZero('integer-targeted-zero-flag', 0, 1),
  targetedZero('float-targeted-zero-flag', 0.0, 1.0),
  targetedZero('object-targeted-zero-flag', {}, { showImages: true }),
  {
    key: 'complex-targeted',
    variations: [
      ['external', 'EXTERNAL'],
      ['internal', 'INTERNAL'],
    ],
    rules: [
      {
        clauses: [
          MACROSOFT,
          { attribute: 'role', op: 'in', values: ['admin'] },
          { attribute: 'age', op: 'gte', values: [60] },
          { attribute: 'customer', op: 'in', values: [false] },
        ],
        serve: 'internal',
      },
    ],
  },
  disabled('boolean-disabled-flag', true, false),
  disabled('string-disabled-flag', 'hi', 'bye'),
  disabled('integer-disabled-flag', 10, 1),
  disabled('float-disabled-flag', 0.5, 0.1),
  disabled('object-disabled-flag', TEMPLATE, {}),
]

/**
 * Creates the suite's flags (client-side, so the browser provider sees them too) and turns
 * them on in `environment` as the suite wants them.
 */
export async function createSuiteFlags(api: AdminRequests, environment: string): Promise<void> {
  for (const flag of SUITE_FLAGS) {
    const index = (name: string) => flag.variations.findIndex(([n]) => n === name)
    await api.admin('POST', '/api/v1/flags', {
      key: flag.key,
      variations: flag.variations.map(([name, value]) => ({ name, value })),
      clientSide: true,
    })
    await api.admin('PATCH', `/api/v1/flags/${flag.key}/environments/${environment}`, {
      enabled: flag.enabled ?? true,
      // A disabled flag of the suite serves the caller's default.
      offVariation: flag.enabled === false ? null : 0,
      rules: (flag.rules ?? []).map((r) => ({
        clauses: r.clauses,
        serve: { variation: index(r.serve) },
      })),
      fallthrough: { variation: flag.serve === undefined ? 0 : index(flag.serve) },
    })
  }
}
