/**
 * Change requests of one environment: the open ones first, each with what it changes and
 * Approve / Reject / Withdraw, then the decided ones. Environments that require approval are
 * named first; in the others, edits apply at once.
 */
import { ChangeRequestCard } from '../components/ChangeRequestCard.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { useEnvironments } from '../hooks/useAdminQueries.js'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { useNow } from '../hooks/useNow.js'
import { useChangeRequests } from '../hooks/useTeamQueries.js'
import { routeHref } from '../lib/route.js'

function ChangeRequestList(props: { env: string }) {
  const requests = useChangeRequests(props.env)
  const flags = useLiveEnvironment(props.env)?.state.payload?.flags
  const now = useNow(true, 30_000)
  const all = requests.data ?? []
  const open = all.filter((r) => r.status === 'open')
  const decided = all.filter((r) => r.status !== 'open')
  return (
    <>
      <ErrorNote error={requests.error} />
      <h2>Open</h2>
      {requests.data && open.length === 0 && (
        <p className="muted">No change awaits approval in {props.env}.</p>
      )}
      {!requests.data && !requests.error && <p className="muted">Loading…</p>}
      <ol className="change-list" aria-label={`Open change requests in ${props.env}`}>
        {open.map((r) => (
          <ChangeRequestCard key={r.id} request={r} current={flags?.[r.flag]} now={now} />
        ))}
      </ol>
      {decided.length > 0 && (
        <>
          <h2>Decided</h2>
          <ol className="change-list" aria-label={`Decided change requests in ${props.env}`}>
            {decided.map((r) => (
              <ChangeRequestCard key={r.id} request={r} current={flags?.[r.flag]} now={now} />
            ))}
          </ol>
        </>
      )}
    </>
  )
}

export function ChangeRequestsPage(props: { env?: string }) {
  const envs = useEnvironments().data ?? []
  // Environments that require approval first: that is where requests are made.
  const ordered = [
    ...envs.filter((e) => e.requireApproval),
    ...envs.filter((e) => !e.requireApproval),
  ]
  const chosen = ordered.find((e) => e.key === props.env) ?? ordered[0]
  return (
    <section aria-labelledby="changes-title">
      <div className="page-head">
        <h1 id="changes-title">Change requests</h1>
        <nav aria-label="Environments" className="env-tabs">
          {ordered.map((e) => (
            <a
              key={e.key}
              href={routeHref({ page: 'changes', env: e.key })}
              aria-current={e.key === chosen?.key ? 'page' : undefined}
            >
              {e.key}
              {e.requireApproval && <span className="visually-hidden"> (requires approval)</span>}
            </a>
          ))}
        </nav>
      </div>
      {chosen && !chosen.requireApproval && (
        <p className="notice">
          Edits in {chosen.key} apply at once. An admin can require approval there on the{' '}
          <a href={routeHref({ page: 'environments' })}>Environments</a> page.
        </p>
      )}
      {chosen && <ChangeRequestList key={chosen.key} env={chosen.key} />}
    </section>
  )
}
