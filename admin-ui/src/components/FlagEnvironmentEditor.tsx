/**
 * A flag in one environment: the kill switch (applied at once), and the targeting edited as a
 * draft that one Save sends with If-Match. Issues land at their fields; a stale save shows the
 * conflict. In a critical environment the switch and the save each wait for one confirmation
 * that says what changes and takes an optional comment for the audit log.
 */
import type { Flag } from '@andon/core'
import { useMemo, type ReactNode } from 'react'
import { useApprovalEnvironments } from '../hooks/useAdminQueries.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useCriticalConfirm } from '../hooks/useCriticalConfirm.js'
import { ValidityContext, useValidityCollector } from '../hooks/useFieldValidity.js'
import { IssuesContext } from '../hooks/useIssues.js'
import { useFlagConfig } from '../hooks/useFlagConfig.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import type { FlagMeta } from '../lib/andon-api.js'
import { changedFields } from '../lib/config-draft.js'
import {
  asRequest,
  needsApproval,
  questionFor,
  switchQuestion,
  type Question,
} from '../lib/critical-question.js'
import { ConfirmChangeDialog } from './ConfirmChangeDialog.js'
import { ConflictPanel } from './ConflictPanel.js'
import { ErrorNote } from './ErrorNote.js'
import { FlagStatusCard } from './FlagStatusCard.js'
import { FlagTargeting } from './FlagTargeting.js'
import { GuardedMetricsField } from './GuardedMetricsField.js'
import { IssueSummary } from './IssueSummary.js'
import { PreviewPanel } from './PreviewPanel.js'
import { RequestedNote } from './RequestedNote.js'
import { SaveBar } from './SaveBar.js'

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
  const confirmation = useCriticalConfirm()
  const approval = needsApproval(useApprovalEnvironments(), env)
  const cannotWrite = useReasonNot({ kind: 'write', environment: env })
  useWarnBeforeLeaving(dirty)
  const segments = useMemo(
    () => Object.keys(state.payload?.segments ?? {}).sort(),
    [state.payload?.segments],
  )
  const draftFlag: Flag | undefined =
    base && draft && dirty ? { ...base, ...draft, variations } : undefined

  if (!base || !draft) {
    return state.error ? <ErrorNote error={state.error} /> : <p className="muted">Loading {env}…</p>
  }
  const id = `cfg-${env}`
  const withApproval = (q: Question) => (approval ? asRequest(q) : q)
  const save = () => {
    if (!state.check()) return
    const question = questionFor(base, env, changedFields(base, draft), variations)
    confirmation.ask(withApproval(question), state.save)
  }
  const flip = (enabled: boolean) =>
    confirmation.ask(withApproval(switchQuestion(meta.key, env, enabled)), (comment) =>
      state.setEnabled(enabled, comment),
    )
  return (
    <ValidityContext.Provider value={report}>
      <IssuesContext.Provider value={state.issues}>
        <div className="env-editor">
          <div className="env-main">
            <FlagStatusCard
              id={id}
              flagKey={meta.key}
              env={env}
              enabled={draft.enabled}
              version={base.version}
              streamStatus={state.streamStatus}
              liveUpdate={state.liveUpdate}
              notice={props.notice}
              requireApproval={approval}
              onSwitch={flip}
            />
            {state.requested && (
              <RequestedNote request={state.requested} onDismiss={state.dismissRequested} />
            )}
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
              <FlagTargeting
                id={id}
                base={base}
                draft={draft}
                variations={variations}
                segments={segments}
                flags={props.flags}
                edit={edit}
              />
              <GuardedMetricsField
                id={id}
                metrics={draft.metrics}
                guarded={props.guardedMetrics ?? []}
                onChange={(metrics) => edit({ metrics })}
              />
            </div>
            <SaveBar
              saving={state.saving}
              unparsed={Object.values(invalid)[0]}
              dirty={dirty}
              savedVersion={state.savedAt ? base.version : undefined}
              onDiscard={state.discard}
              onSave={save}
              saveLabel={approval ? 'Request approval' : undefined}
              blocked={cannotWrite}
            />
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
        {confirmation.question && (
          <ConfirmChangeDialog
            question={confirmation.question}
            onConfirm={confirmation.confirm}
            onCancel={confirmation.cancel}
          />
        )}
      </IssuesContext.Provider>
    </ValidityContext.Provider>
  )
}
