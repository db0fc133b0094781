/** Segments of an environment: the list, creating one, and editing the chosen one. */
import { keySchema } from '@andon/core'
import { useState, type FormEvent } from 'react'
import { ErrorNote } from '../components/ErrorNote.js'
import { SegmentEditor } from '../components/SegmentEditor.js'
import { useAsync } from '../hooks/useAsync.js'
import { useLiveEnvironment } from '../hooks/useLiveEnvironment.js'
import { useNavigate } from '../hooks/useNavigation.js'
import { useSession } from '../hooks/useSession.js'
import { routeHref } from '../lib/route.js'

export function SegmentsPage(props: { env?: string; segmentKey?: string }) {
  const { api } = useSession()
  const navigate = useNavigate()
  const envs = useAsync(() => api.environments(), [api])
  const envKeys = (envs.data ?? []).map((e) => e.key)
  const env = props.env && envKeys.includes(props.env) ? props.env : envKeys[0]
  const live = useLiveEnvironment(env)
  // Reload the list (with its counts) whenever a segment of this environment changes.
  const liveVersions = Object.values(live?.state.payload?.segments ?? {})
    .map((s) => `${s.key}@${s.version}`)
    .sort()
    .join(',')
  const segments = useAsync(
    () => (env ? api.segments(env) : Promise.resolve([])),
    [api, env, liveVersions],
  )
  const [key, setKey] = useState('')
  const [error, setError] = useState<string>()

  async function create(event: FormEvent) {
    event.preventDefault()
    if (!env) return
    const check = keySchema.safeParse(key.trim())
    if (!check.success) {
      setError(`Key ${check.error.issues[0]?.message}`)
      return
    }
    try {
      const created = await api.createSegment(env, {
        key: key.trim(),
        name: key.trim(),
        description: '',
      })
      setKey('')
      setError(undefined)
      segments.reload()
      navigate(routeHref({ page: 'segments', env, key: created.key ?? key.trim() }))
    } catch (e) {
      setError((e as Error).message)
    }
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
          <form onSubmit={create} className="inline-form">
            <label htmlFor="new-segment-key">New segment key</label>
            <input
              id="new-segment-key"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="beta-testers"
            />
            <button type="submit" className="primary" disabled={!key.trim()}>
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
                  {s.included?.length ?? 0} in, {s.excluded?.length ?? 0} out,{' '}
                  {s.rules?.length ?? 0} rules
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
