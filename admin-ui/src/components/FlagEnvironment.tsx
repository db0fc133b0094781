/**
 * A flag in one environment: the editor and, below it, the guards. The guards are loaded once
 * here for both, so that the top of the page can say when a guard switched the flag off.
 */
import { useGuards } from '../hooks/useGuards.js'
import type { FlagMeta } from '../lib/andon-api.js'
import { trippedNote } from '../lib/guard-state.js'
import { FlagEnvironmentEditor } from './FlagEnvironmentEditor.js'
import { GuardsPanel } from './GuardsPanel.js'

export function FlagEnvironment(props: {
  meta: FlagMeta
  env: string
  flags: readonly FlagMeta[]
}) {
  const { meta, env } = props
  const guards = useGuards(meta.key, env)
  const note = trippedNote(guards.data?.guards ?? [])
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
          note && (
            <p className="notice notice-error guard-note" role="status">
              {note}{' '}
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
            </p>
          )
        }
      />
      <GuardsPanel flagKey={meta.key} env={env} variations={meta.variations} guards={guards} />
    </>
  )
}
