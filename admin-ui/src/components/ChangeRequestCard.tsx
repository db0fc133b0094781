/**
 * One change request: the flag, who asked and when, what the edit changes against the flag as
 * it is now (approving applies the edit over the current config), and, while it is open,
 * Approve, Reject with a reason, or Withdraw for its author.
 */
import type { ChangeRequestInfo, Flag } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useMe } from '../hooks/useMe.js'
import { useSession } from '../hooks/useSession.js'
import { changeSummary } from '../lib/change-summary.js'
import { ageText, isMe, requestedEdit, statusText, whyNotDecide } from '../lib/change-request.js'
import { formatTime } from '../lib/format-time.js'
import { queryKeys } from '../lib/query-keys.js'
import { routeHref } from '../lib/route.js'
import { DiffTable } from './DiffTable.js'
import { ErrorNote } from './ErrorNote.js'

/** The current values of the fields the edit replaces. */
function currentOf(flag: Flag, patch: Record<string, unknown>) {
  const record = flag as unknown as Record<string, unknown>
  return Object.fromEntries(Object.keys(patch).map((k) => [k, record[k] ?? null]))
}

export function ChangeRequestCard(props: {
  request: ChangeRequestInfo
  /** The flag as it is now in the request's environment, once the stream has it. */
  current: Flag | undefined
  now: number
}) {
  const { request, current } = props
  const { api } = useSession()
  const me = useMe()
  const queryClient = useQueryClient()
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const env = request.environment
  const settle = {
    onSuccess: () => {
      setError(undefined)
      void queryClient.invalidateQueries({ queryKey: queryKeys.changeRequestsOf(env) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.flagConfig(request.flag, env) })
    },
    onError: (e: Error) => setError(e.message),
  }
  const approve = useMutation({ mutationFn: () => api.approveChange(env, request.id), ...settle })
  const reject = useMutation({
    mutationFn: (why: string) => api.rejectChange(env, request.id, why || undefined),
    ...settle,
  })
  const withdraw = useMutation({
    mutationFn: () => api.withdrawChange(env, request.id),
    ...settle,
  })
  const busy = approve.isPending || reject.isPending || withdraw.isPending
  const { patch, comment } = requestedEdit(request.change)
  const open = request.status === 'open'
  // What it changes, against the flag as it is now: only while that is what approving does.
  const lines = open && current ? changeSummary(current, patch, current.variations) : []
  const notDecide = whyNotDecide(me, request)
  const mine = isMe(me, request.author)
  const id = `change-${env}-${request.id}`

  function submitReject(event: FormEvent) {
    event.preventDefault()
    reject.mutate(reason.trim())
  }

  return (
    <li className={`card change-request change-${request.status}`}>
      <h3 id={`${id}-title`}>
        <a href={routeHref({ page: 'flag', key: request.flag, env })}>{request.flag}</a> in {env}
        <span className="tag">{statusText(request)}</span>
      </h3>
      <p className="muted">
        Asked by <strong>{request.author.name}</strong>{' '}
        <span title={formatTime(request.createdAt)}>{ageText(request.createdAt, props.now)}</span>,
        against version {request.baseVersion}
        {current && current.version !== request.baseVersion
          ? ` (now version ${current.version})`
          : ''}
        .
        {request.reviewer && request.decidedAt !== null && (
          <>
            {' '}
            Decided by <strong>{request.reviewer.name}</strong> {formatTime(request.decidedAt)}.
          </>
        )}
      </p>
      {comment && (
        <p className="audit-comment">
          <span className="visually-hidden">Comment: </span>“{comment}”
        </p>
      )}
      {request.reason && (
        <p className={request.status === 'failed' ? 'notice notice-error' : 'notice'}>
          {request.status === 'failed' ? 'Why it failed: ' : 'Reason: '}
          {request.reason}
        </p>
      )}
      {lines.length > 0 && (
        <ul className="change-lines" aria-label="What changes">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {open && current ? (
        <DiffTable
          label={`Changes asked for ${request.flag} in ${env}`}
          before={currentOf(current, patch)}
          after={patch}
        />
      ) : (
        <DiffTable label={`Edit of ${request.flag} in ${env}`} before={{}} after={patch} />
      )}
      <ErrorNote error={error} />
      {open && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={busy || notDecide !== undefined}
            aria-describedby={notDecide ? `${id}-why` : undefined}
            onClick={() => approve.mutate()}
          >
            Approve
          </button>
          <button
            type="button"
            disabled={busy || notDecide !== undefined}
            aria-describedby={notDecide ? `${id}-why` : undefined}
            aria-expanded={rejecting}
            onClick={() => setRejecting((r) => !r)}
          >
            Reject…
          </button>
          {mine && (
            <button
              type="button"
              className="danger-outline"
              disabled={busy}
              onClick={() => withdraw.mutate()}
            >
              Withdraw
            </button>
          )}
          {notDecide && (
            <span className="muted hint" id={`${id}-why`}>
              {notDecide}
            </span>
          )}
        </div>
      )}
      {open && rejecting && notDecide === undefined && (
        <form className="inline-form" onSubmit={submitReject} aria-label="Reject">
          <label htmlFor={`${id}-reason`}>Reason (optional)</label>
          <input
            id={`${id}-reason`}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" className="danger" disabled={busy}>
            Reject change
          </button>
        </form>
      )}
    </li>
  )
}
