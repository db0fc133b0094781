/**
 * The scenarios of OpenFeature's suite that do not apply to a provider of Andon, each with
 * the reason. They are not run, and not skipped either: `gherkin-suite.ts` checks that each
 * entry names scenarios that exist, so none drops out unnoticed when the suite changes.
 */

export type ProviderName = 'node' | 'web'

export interface Exclusion {
  /** The scenario's name in the feature file. */
  scenario: string
  providers: ProviderName[]
  reason: string
}

export const EXCLUSIONS: Exclusion[] = [
  {
    scenario: 'CACHED reason',
    providers: ['node', 'web'],
    reason:
      'Andon evaluates every call locally against the flags it holds, and caches no ' +
      'result of an earlier evaluation: reporting CACHED would be untrue.',
  },
  {
    scenario: 'Flag metadata in evaluation details',
    providers: ['node', 'web'],
    reason:
      'The scenario wants metadata that a person set on the flag (string "1.0.2", integer 2, ' +
      "float 0.1, boolean true). Andon flags carry no metadata of their own: a provider's " +
      'metadata is what Andon knows of the evaluation (version, environment, reason).',
  },
  {
    scenario: 'Asynchronous flag evaluation',
    providers: ['web'],
    reason:
      "OpenFeature's web SDK follows the static-context paradigm: evaluation is synchronous " +
      'by design (requirement 1.4.12 asks for non-blocking evaluation where it may block; ' +
      'here it reads values held in memory). The Node provider runs it.',
  },
]
