/**
 * A flag's settings shared by every environment: name, description, tags, variations, whether
 * browsers may read it (with the warning that its rules then become public), and archiving.
 */
import type { JsonValue } from '@andon/core'
import { useState, type FormEvent } from 'react'
import { IssuesContext } from '../hooks/useIssues.js'
import { useSession } from '../hooks/useSession.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import { ApiError, type Issue } from '../lib/api-error.js'
import type { FlagMeta } from '../lib/andon-api.js'
import { parseKeyList } from '../lib/key-list.js'
import { variationTypeOf } from '../lib/variations.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { ClientSideField } from './ClientSideField.js'

function parseJsonLines(text: string): { values: JsonValue[] } | { error: string } {
  const values: JsonValue[] = []
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  for (const [i, line] of lines.entries()) {
    try {
      values.push(JSON.parse(line) as JsonValue)
    } catch {
      return { error: `Line ${i + 1} is not valid JSON (write strings in double quotes)` }
    }
  }
  return { values }
}

export function FlagMetaPanel(props: {
  meta: FlagMeta
  onSaved(meta: FlagMeta): void
  onArchived(): void
}) {
  const { api } = useSession()
  const { meta } = props
  const [name, setName] = useState(meta.name)
  const [description, setDescription] = useState(meta.description)
  const [tags, setTags] = useState(meta.tags.join(', '))
  const [clientSide, setClientSide] = useState(meta.clientSide)
  const savedVariations = meta.variations.map((v) => JSON.stringify(v)).join('\n')
  const [variationsText, setVariationsText] = useState(savedVariations)
  const [issues, setIssues] = useState<Issue[]>([])
  const [error, setError] = useState<string>()
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [busy, setBusy] = useState(false)
  const boolean = variationTypeOf(meta.variations) === 'boolean'
  useWarnBeforeLeaving(
    name.trim() !== meta.name ||
      description !== meta.description ||
      parseKeyList(tags).join(',') !== meta.tags.join(',') ||
      clientSide !== meta.clientSide ||
      variationsText !== savedVariations,
  )

  async function submit(event: FormEvent) {
    event.preventDefault()
    const parsed = parseJsonLines(variationsText)
    if ('error' in parsed) {
      setIssues([{ path: ['variations'], message: parsed.error }])
      return
    }
    const patch: Partial<FlagMeta> = {}
    if (name.trim() !== meta.name) patch.name = name.trim()
    if (description !== meta.description) patch.description = description
    const nextTags = parseKeyList(tags)
    if (nextTags.join(',') !== meta.tags.join(',')) patch.tags = nextTags
    if (clientSide !== meta.clientSide) patch.clientSide = clientSide
    if (JSON.stringify(parsed.values) !== JSON.stringify(meta.variations))
      patch.variations = parsed.values
    setIssues([])
    setError(undefined)
    if (Object.keys(patch).length === 0) return
    setBusy(true)
    try {
      props.onSaved(await api.updateFlag(meta.key, patch))
    } catch (e) {
      if (e instanceof ApiError) setIssues(e.issues)
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  async function archive() {
    try {
      await api.archiveFlag(meta.key)
      props.onArchived()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <IssuesContext.Provider value={issues}>
      <details className="card meta-panel">
        <summary>Settings for every environment</summary>
        <form onSubmit={submit}>
          <ErrorNote error={error} />
          <div className="grid-2">
            <div className="field">
              <label htmlFor="meta-name">Name</label>
              <input id="meta-name" value={name} onChange={(e) => setName(e.target.value)} />
              <FieldIssues path={['name']} />
            </div>
            <div className="field">
              <label htmlFor="meta-tags">Tags (comma separated)</label>
              <input id="meta-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
              <FieldIssues path={['tags']} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="meta-description">Description</label>
            <textarea
              id="meta-description"
              rows={2}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="meta-variations">
              Variations (one JSON value per line, in index order)
            </label>
            <textarea
              id="meta-variations"
              rows={Math.max(2, meta.variations.length)}
              value={variationsText}
              readOnly={boolean}
              aria-describedby="meta-variations-hint"
              onChange={(e) => setVariationsText(e.target.value)}
            />
            <span id="meta-variations-hint" className="muted hint">
              {boolean
                ? 'A boolean flag always has false and true.'
                : 'Rules and rollouts refer to variations by index: reordering changes what they serve.'}
            </span>
            <FieldIssues path={['variations']} />
          </div>
          <ClientSideField
            id="meta-client-side"
            checked={clientSide}
            onChange={setClientSide}
            alert={!meta.clientSide}
            everyEnvironment
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Save settings
            </button>
            {confirmArchive ? (
              <>
                <button type="button" className="danger" onClick={() => void archive()}>
                  Archive {meta.key} everywhere
                </button>
                <button type="button" onClick={() => setConfirmArchive(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button
                type="button"
                className="danger-outline"
                onClick={() => setConfirmArchive(true)}
              >
                Archive flag
              </button>
            )}
          </div>
        </form>
      </details>
    </IssuesContext.Provider>
  )
}
