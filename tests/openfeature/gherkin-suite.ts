/**
 * OpenFeature's gherkin suite as vitest tests: the feature files parsed with Cucumber's own
 * parser, each scenario (each row of a Scenario Outline's examples) one test that runs its
 * steps against a provider through a harness. Scenarios that do not apply to Andon are listed
 * in exclusions.ts with the reason; they are not registered, and a test checks the list.
 */
import { readFileSync } from 'node:fs'
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin'
import { IdGenerator, type GherkinDocument } from '@cucumber/messages'
import { describe, expect, it } from 'vitest'
import { EXCLUSIONS, type ProviderName } from './exclusions.js'
import type { Harness } from './harness.js'
import { World, runStep } from './steps.js'

export const FEATURE_FILES = ['evaluation_v2.feature']

export interface Scenario {
  feature: string
  name: string
  /** The name with the values of its example row, unique within the feature. */
  title: string
  steps: string[]
}

/** The cells of every example row by its id, for the titles of outline scenarios. */
function exampleRows(doc: GherkinDocument): Map<string, string[]> {
  const rows = new Map<string, string[]>()
  for (const child of doc.feature?.children ?? []) {
    for (const examples of child.scenario?.examples ?? []) {
      for (const row of examples.tableBody) {
        rows.set(
          row.id,
          row.cells.map((c) => c.value),
        )
      }
    }
  }
  return rows
}

export function loadScenarios(file: string): Scenario[] {
  const text = readFileSync(new URL(`./features/${file}`, import.meta.url), 'utf8')
  const newId = IdGenerator.incrementing()
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text)
  const rows = exampleRows(doc)
  return compile(doc, file, newId).map((pickle) => {
    const row = pickle.astNodeIds.map((id) => rows.get(id)).find((r) => r !== undefined)
    return {
      feature: file,
      name: pickle.name,
      title: row ? `${pickle.name} [${row.join(' | ')}]` : pickle.name,
      steps: pickle.steps.map((s) => s.text),
    }
  })
}

export function exclusionOf(provider: ProviderName, scenario: Scenario) {
  return EXCLUSIONS.find((e) => e.providers.includes(provider) && e.scenario === scenario.name)
}

/**
 * Registers the suite's scenarios as tests for one provider; `harness` is called in each test
 * (after the file's `beforeAll` made it ready).
 */
export function runSuite(provider: ProviderName, harness: () => Harness): void {
  for (const file of FEATURE_FILES) {
    const scenarios = loadScenarios(file)
    describe(`${file} with the ${provider} provider`, () => {
      for (const scenario of scenarios) {
        if (exclusionOf(provider, scenario)) continue
        it(scenario.title, async () => {
          const world = new World(harness())
          for (const step of scenario.steps) await runStep(world, step)
        })
      }

      it('accounts for every scenario: run, or excluded with a reason', () => {
        const names = new Set(scenarios.map((s) => s.name))
        for (const exclusion of EXCLUSIONS) expect(names).toContain(exclusion.scenario)
        const run = scenarios.filter((s) => !exclusionOf(provider, s))
        const excluded = scenarios.length - run.length
        console.log(`${file}, ${provider} provider: ${run.length} run, ${excluded} excluded`)
        expect(new Set(scenarios.map((s) => s.title)).size).toBe(scenarios.length)
      })
    })
  }
}
