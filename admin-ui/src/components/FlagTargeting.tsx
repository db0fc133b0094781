/**
 * Who gets what in one environment, as a draft: the default rule and the off variation, the
 * individual targets, the rules, the prerequisites and the salt that buckets contexts.
 */
import type { Flag, JsonValue } from '@andon/core'
import type { FlagMeta } from '../lib/andon-api.js'
import { firstOnVariation, type ConfigDraft } from '../lib/config-draft.js'
import { FieldIssues } from './FieldIssues.js'
import { PrerequisitesEditor } from './PrerequisitesEditor.js'
import { RulesEditor } from './RulesEditor.js'
import { SaltField } from './SaltField.js'
import { ServeEditor } from './ServeEditor.js'
import { TargetsEditor } from './TargetsEditor.js'
import { VariationSelect } from './VariationSelect.js'

export function FlagTargeting(props: {
  id: string
  base: Flag
  draft: ConfigDraft
  variations: JsonValue[]
  /** The segments of the environment, for rules on them. */
  segments: readonly string[]
  /** Every flag, for prerequisites. */
  flags: readonly FlagMeta[]
  edit(change: Partial<ConfigDraft>): void
}) {
  const { id, base, draft, variations, edit } = props
  return (
    <>
      <section className="card" aria-labelledby={`${id}-default`}>
        <h3 id={`${id}-default`}>Default rule</h3>
        <p className="muted">
          What contexts get when the flag is on and no target or rule matches.
        </p>
        <ServeEditor
          id={`${id}-fallthrough`}
          percentLabel="Rollout percentage"
          serve={draft.fallthrough}
          savedServe={base.fallthrough}
          variations={variations}
          path={['fallthrough']}
          onChange={(fallthrough) => edit({ fallthrough })}
        />
        <div className="field">
          <VariationSelect
            id={`${id}-off`}
            label="When off, serve"
            value={draft.offVariation}
            variations={variations}
            allowNone="nothing (callers get their default)"
            onChange={(offVariation) => edit({ offVariation })}
          />
          <FieldIssues path={['offVariation']} />
        </div>
      </section>
      <section className="card" aria-labelledby={`${id}-targets`}>
        <h3 id={`${id}-targets`}>Individual targets</h3>
        <TargetsEditor
          id={`${id}-targets`}
          targets={draft.targets}
          variations={variations}
          onChange={(targets) => edit({ targets })}
        />
      </section>
      <section className="card" aria-labelledby={`${id}-rules`}>
        <h3 id={`${id}-rules`}>Rules</h3>
        <p className="muted">
          Looked at in order after the targets; the first that matches serves.
        </p>
        <RulesEditor
          id={`${id}-rules`}
          rules={draft.rules}
          savedRules={base.rules ?? []}
          variations={variations}
          segments={props.segments}
          onVariation={firstOnVariation(variations.length, draft.offVariation)}
          onChange={(rules) => edit({ rules })}
        />
      </section>
      <section className="card" aria-labelledby={`${id}-prereqs`}>
        <h3 id={`${id}-prereqs`}>Prerequisites</h3>
        <PrerequisitesEditor
          id={`${id}-prereqs`}
          flagKey={base.key}
          prerequisites={draft.prerequisites}
          flags={props.flags}
          onChange={(prerequisites) => edit({ prerequisites })}
        />
      </section>
      <section className="card" aria-labelledby={`${id}-advanced`}>
        <h3 id={`${id}-advanced`}>Bucketing</h3>
        <SaltField
          id={`${id}-salt`}
          salt={draft.salt}
          savedSalt={base.salt ?? base.key}
          onChange={(salt) => edit({ salt })}
        />
      </section>
    </>
  )
}
