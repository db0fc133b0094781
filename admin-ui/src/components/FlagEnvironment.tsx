/**
 * A flag in one environment: the editor and, below it, its release plan and the guards. The guards are loaded once
 * here for both; the top of the page says when and why a guard or an alert switched the flag
 * off (read from the audit log, hooks/useOffReasons.ts).
 */
import { useGuards } from '../hooks/useGuards.js'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { useOffReasons } from '../hooks/useOffReasons.js'
import type { FlagMeta } from '../lib/andon-api.js'
import { offReasonKey, offSentence } from '../lib/off-reason.js'
import { FlagEnvironmentEditor } from './FlagEnvironmentEditor.js'
import { GuardsPanel } from './GuardsPanel.js'
import { ReleasePanel } from './ReleasePanel.js'
import { FlagInsightsPanel } from './FlagInsightsPanel.js'

export function FlagEnvironment(props: {
  meta: FlagMeta
  env: string
  flags: readonly FlagMeta[]
}) {
  const { meta, env } = props
  const guards = useGuards(meta.key, env)
  const enabled = useLiveEnvironment(env)?.state.payload?.flags[meta.key]?.enabled
  const reason = useOffReasons({ flag: meta.key, environment: env }).get(
    offReasonKey(meta.key, env),
  )
  const panelId = `guards-${env}`
  return (
    <>
      <FlagEnvironmentEditor
        key={JSON.stringify(meta.variations)}
        meta={meta}
        env={env}
        flags={props.flags}
        guardedMetrics={guards.data?.guards.map((g) => g.metric)}
        notice={
          enabled === false &&
          reason && (
            <p className="notice notice-error guard-note" role="status">
              {offSentence(reason)}{' '}
              {reason.by === 'guard' && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    const panel = globalThis.document.getElementById(panelId)
                    panel?.scrollIntoView({ block: 'start' })
                    panel?.querySelector<HTMLElement>('h3')?.focus()
                  }}
                >
                  See the guards
                </button>
              )}
            </p>
          )
        }
      />
      <ReleasePanel flagKey={meta.key} env={env} variations={meta.variations} guards={guards} />
      <GuardsPanel flagKey={meta.key} env={env} variations={meta.variations} guards={guards} />
      <FlagInsightsPanel flagKey={meta.key} env={env} variations={meta.variations} />
    </>
  )
}
