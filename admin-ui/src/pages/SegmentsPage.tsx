/** Segments of an environment: the list, creating one, and editing the chosen one. */
import { keySchema } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { ErrorNote } from '../components/ErrorNote.js'
import { SegmentEditor } from '../components/SegmentEditor.js'
import { useEnvironmentKeys, useSegments } from '../hooks/useAdminQueries.js'
import { useNavigate } from '../hooks/useNavigation.js'
import { useSession } from '../hooks/useSession.js'
import { counted } from '../lib/counted.js'
import { queryKeys } from '../lib/query-keys.js'
import { routeHref } from '../lib/route.js'

export function SegmentsPage(props: { env?: string; segmentKey?: string }) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const envKeys = useEnvironmentKeys().data ?? []
  const env = props.env && envKeys.includes(props.env) ? props.env : envKeys[0]
  // The stream marks the list stale whenever a segment of this environment changes.
  const segments = useSegments(env)
  const [key, setKey] = useState('')
  const [error, setError] = useState<string>()
  const create = useMutation({
    mutationFn: (input: { env: string; key: string }) =>
      api.createSegment(input.env, { key: input.key, name: input.key, description: '' }),
    onSuccess: (created, input) => {
      setKey('')
      setError(undefined)
      void queryClient.invalidateQueries({ queryKey: queryKeys.segments(input.env) })
      navigate(routeHref({ page: 'segments', env: input.env, key: created.key }))
    },
    onError: (e) => setError(e.message),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!env) return
    const check = keySchema.safeParse(key.trim())
    if (!check.success) {
      setError(`Key ${check.error.issues[0]?.message}`)
      return
    }
    create.mutate({ env, key: key.trim() })
  }

  return (
    <section aria-labelledby="segments-title">
      <div className="page-head">
        <h1 id="segments-title">Segments</h1>
        <nav aria-label="Environments" className="env-tabs">
          {envKeys.map((k) => (
            <a
              key={k}
              href={routeHref({ page: 'segments', env: k })}
              aria-current={k === env ? 'page' : undefined}
            >
              {k}
            </a>
          ))}
        </nav>
      </div>
      <div className="split-view">
        <div className="card list-card">
          <form onSubmit={submit} className="inline-form">
            <label htmlFor="new-segment-key">New segment key</label>
            <input
              id="new-segment-key"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="beta-testers"
            />
            <button type="submit" className="primary" disabled={!key.trim() || create.isPending}>
              Create segment
            </button>
          </form>
          <ErrorNote error={error ?? segments.error} />
          <ul className="plain-list">
            {(segments.data ?? []).map((s) => (
              <li key={s.key}>
                <a
                  href={routeHref({ page: 'segments', env, key: s.key })}
                  aria-current={s.key === props.segmentKey ? 'page' : undefined}
                >
                  {s.key}
                </a>
                <span className="muted">
                  {' '}
                  {s.included.length} in, {s.excluded.length} out, {counted(s.rules.length, 'rule')}
                </span>
              </li>
            ))}
            {segments.data?.length === 0 && <li className="muted">No segments in {env} yet.</li>}
          </ul>
        </div>
        <div>
          {env && props.segmentKey ? (
            <SegmentEditor
              key={`${env}/${props.segmentKey}`}
              env={env}
              segmentKey={props.segmentKey}
              // The segment is gone, and its unsaved edits with it: nothing to ask about.
              onDeleted={() => navigate(routeHref({ page: 'segments', env }), { force: true })}
            />
          ) : (
            <p className="muted">Choose a segment to edit it.</p>
          )}
        </div>
      </div>
    </section>
  )
}
