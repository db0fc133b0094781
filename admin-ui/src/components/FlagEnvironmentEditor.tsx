/**
 * A flag in one environment: the kill switch (applied at once), and the targeting edited as a
 * draft (default rollout, off variation, targets, rules, prerequisites, salt) that one Save
 * sends with If-Match. Issues land at their fields; a stale save shows the conflict.
 */
import type { Flag } from '@andon/core'
import { useMemo, type ReactNode } from 'react'
import { ValidityContext, useValidityCollector } from '../hooks/useFieldValidity.js'
import { IssuesContext } from '../hooks/useIssues.js'
import { useFlagConfig } from '../hooks/useFlagConfig.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import type { FlagMeta } from '../lib/andon-api.js'
import { firstOnVariation } from '../lib/config-draft.js'
import { missingGuardedMetrics } from '../lib/guarded-metrics.js'
import { ConflictPanel } from './ConflictPanel.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { IssueSummary } from './IssueSummary.js'
import { KeyListField } from './KeyListField.js'
import { PrerequisitesEditor } from './PrerequisitesEditor.js'
import { PreviewPanel } from './PreviewPanel.js'
import { RulesEditor } from './RulesEditor.js'
import { SaltField } from './SaltField.js'
import { ServeEditor } from './ServeEditor.js'
import { Switch } from './Switch.js'
import { TargetsEditor } from './TargetsEditor.js'
import { VariationSelect } from './VariationSelect.js'

export function FlagEnvironmentEditor(props: {
  meta: FlagMeta
  env: string
  flags: readonly FlagMeta[]
  /** Shown under the switch: why the flag is in its state (a guard switched it off). */
  notice?: ReactNode
  /** The metrics the flag's guards watch here, which `metrics` must keep. */
  guardedMetrics?: readonly string[]
}) {
  const { meta, env } = props
  const variations = meta.variations
  const state = useFlagConfig(meta.key, env, variations)
  const { base, draft, edit, dirty } = state
  const { invalid, report } = useValidityCollector()
  const unparsed = Object.values(invalid)
  useWarnBeforeLeaving(dirty)
  const segments = useMemo(
    () => Object.keys(state.payload?.segments ?? {}).sort(),
    [state.payload?.segments],
  )
  const starved = missingGuardedMetrics(draft?.metrics, props.guardedMetrics ?? [])
  const draftFlag: Flag | undefined =
    base && draft && dirty ? { ...base, ...draft, variations } : undefined

  if (!base || !draft) {
    return state.error ? <ErrorNote error={state.error} /> : <p className="muted">Loading {env}…</p>
  }
  const id = `cfg-${env}`
  return (
    <ValidityContext.Provider value={report}>
      <IssuesContext.Provider value={state.issues}>
        <div className="env-editor">
          <div className="env-main">
            <section className="card status-card" aria-labelledby={`${id}-status`}>
              <div className="status-row">
                <Switch
                  checked={draft.enabled}
                  label={`${meta.key} in ${env}`}
                  onChange={state.setEnabled}
                />
                <div>
                  <h2 id={`${id}-status`}>{draft.enabled ? `On in ${env}` : `Off in ${env}`}</h2>
                  <p className="muted">
                    The switch applies at once. Version {base.version}
                    {state.streamStatus === 'open'
                      ? ' · following live changes'
                      : state.streamStatus === 'retrying'
                        ? ' · reconnecting…'
                        : ''}
                  </p>
                  {state.liveUpdate !== undefined && (
                    <p className="live-note" role="status">
                      Updated live: version {state.liveUpdate} was saved elsewhere.
                    </p>
                  )}
                  {props.notice}
                </div>
              </div>
            </section>
            {meta.clientSide && (
              <p className="notice notice-warning">
                This flag is client-side: browsers holding a client key download its targets, rules
                and the segments they use. Put nothing secret in them.
              </p>
            )}
            {state.conflict && (
              <ConflictPanel
                reason={state.conflict.reason}
                base={base}
                newer={state.conflict.newer}
                draft={draft}
                onDiscard={state.discard}
                onKeep={state.keepMine}
              />
            )}
            <ErrorNote error={state.error} />
            <IssueSummary
              issues={state.issues}
              title="These need fixing before the flag can be saved:"
            />
            <div key={state.revision}>
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
                  segments={segments}
                  onVariation={firstOnVariation(variations.length, draft.offVariation)}
                  onChange={(rules) => edit({ rules })}
                />
              </section>
              <section className="card" aria-labelledby={`${id}-prereqs`}>
                <h3 id={`${id}-prereqs`}>Prerequisites</h3>
                <PrerequisitesEditor
                  id={`${id}-prereqs`}
                  flagKey={meta.key}
                  prerequisites={draft.prerequisites}
                  flags={props.flags}
                  onChange={(prerequisites) => edit({ prerequisites })}
                />
              </section>
              <section className="card" aria-labelledby={`${id}-metrics`}>
                <h3 id={`${id}-metrics`}>Guarded metrics</h3>
                <KeyListField
                  id={`${id}-metrics-keys`}
                  label="Metric keys the guard watches"
                  keys={draft.metrics}
                  hint="The SDKs report these per variation. Saving guards (below) sets them to the guards’ metrics."
                  onChange={(metrics) => edit({ metrics })}
                />
                <FieldIssues path={['metrics']} />
                {starved.length > 0 && (
                  <p className="notice notice-warning" role="status">
                    {starved.join(', ')} {starved.length === 1 ? 'is' : 'are'} guarded: without{' '}
                    {starved.length === 1 ? 'it' : 'them'} here the SDKs stop reporting{' '}
                    {starved.length === 1 ? 'it' : 'them'} and the guard can not decide.
                  </p>
                )}
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
            </div>
            <div
              className={`save-bar${state.dirty ? ' save-bar-dirty' : ''}`}
              role="region"
              aria-label="Save"
            >
              <span aria-live="polite">
                {state.saving
                  ? 'Saving…'
                  : unparsed.length > 0
                    ? `Fix first: ${unparsed[0]}`
                    : state.dirty
                      ? 'Unsaved changes'
                      : state.savedAt
                        ? `Saved as version ${base.version}`
                        : 'No changes'}
              </span>
              <button type="button" onClick={state.discard} disabled={!state.dirty || state.saving}>
                Discard changes
              </button>
              <button
                type="button"
                className="primary"
                onClick={state.save}
                disabled={!state.dirty || state.saving || unparsed.length > 0}
              >
                Save changes
              </button>
            </div>
          </div>
          <aside className="env-side">
            <PreviewPanel
              env={env}
              flagKey={meta.key}
              draftFlag={draftFlag}
              payload={state.payload}
              variations={variations}
            />
          </aside>
        </div>
      </IssuesContext.Provider>
    </ValidityContext.Provider>
  )
}
