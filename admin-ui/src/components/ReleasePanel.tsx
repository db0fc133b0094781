/**
 * The Release panel of a flag's environment page (issue 16): the latest plan, under way or
 * ended, and, when none is under way, the form that starts one. Kept fresh by useRelease; the
 * guards come from the page's own query (useGuards, held by FlagEnvironment).
 */
import type { JsonValue } from '@andon/core'
import type { GuardsState } from '../hooks/useGuards.js'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { useRelease } from '../hooks/useRelease.js'
import { isUnderWay } from '../lib/release-model.js'
import { ErrorNote } from './ErrorNote.js'
import { ReleasePlanView } from './ReleasePlanView.js'
import { ReleaseStartForm } from './ReleaseStartForm.js'

export function ReleasePanel(props: {
  flagKey: string
  env: string
  variations: readonly JsonValue[]
  guards: GuardsState
}) {
  const { flagKey, env } = props
  const release = useRelease(flagKey, env)
  const offVariation = useLiveEnvironment(env)?.state.payload?.flags[flagKey]?.offVariation
  const plan = release.plan
  const id = `release-${env}`
  return (
    <section className="card release-panel" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Release</h3>
      <p className="muted">
        A plan raises the share of contexts that get a variation step by step, holding each step
        until its time is up and its guards have their samples.
      </p>
      <ErrorNote error={release.error ?? release.controlError} />
      {plan === undefined ? (
        !release.error && <p className="muted">Loading the release plan…</p>
      ) : (
        <>
          {plan !== null && (
            <ReleasePlanView
              plan={plan}
              variations={props.variations}
              guards={props.guards.data?.guards}
              busy={release.busy}
              onAction={release.control}
            />
          )}
          {(plan === null || !isUnderWay(plan.status)) && (
            <ReleaseStartForm
              flagKey={flagKey}
              env={env}
              variations={props.variations}
              offVariation={offVariation}
              busy={release.busy}
              error={release.startError}
              onStart={release.start}
            />
          )}
        </>
      )}
    </section>
  )
}
