/**
 * Creating a flag: key, name, description, tags, and the variations as typed (boolean, strings,
 * numbers or JSON), checked before sending; the server's 422 lands at its field.
 */
import { keySchema } from '@andon/core'
import { useState, type FormEvent } from 'react'
import { IssuesContext } from '../hooks/useIssues.js'
import { useSession } from '../hooks/useSession.js'
import { ApiError, type Issue } from '../lib/api-error.js'
import type { FlagMeta } from '../lib/andon-api.js'
import { parseKeyList } from '../lib/key-list.js'
import { parseVariations, VARIATION_TYPES, type VariationType } from '../lib/variations.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { ClientSideField } from './ClientSideField.js'

export function CreateFlagForm(props: { onCreated(flag: FlagMeta): void; onCancel(): void }) {
  const { api } = useSession()
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [tags, setTags] = useState('')
  const [type, setType] = useState<VariationType>('boolean')
  const [variationsText, setVariationsText] = useState('')
  const [clientSide, setClientSide] = useState(false)
  const [issues, setIssues] = useState<Issue[]>([])
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const found: Issue[] = []
    const keyCheck = keySchema.safeParse(key.trim())
    if (!keyCheck.success) found.push({ path: ['key'], message: keyCheck.error.issues[0]!.message })
    const parsed = parseVariations(type, variationsText)
    if ('errors' in parsed)
      for (const m of parsed.errors) found.push({ path: ['variations'], message: m })
    setIssues(found)
    setError(undefined)
    if (found.length > 0 || 'errors' in parsed) return
    setBusy(true)
    try {
      const flag = await api.createFlag({
        key: key.trim(),
        name: name.trim() || key.trim(),
        description: description.trim(),
        tags: parseKeyList(tags),
        variations: parsed.variations,
        clientSide,
      })
      props.onCreated({ ...flag, key: flag.key ?? key.trim() })
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) setIssues(e.issues)
      else if (e instanceof ApiError && e.status === 409) {
        setIssues([
          { path: ['key'], message: `a flag ${key.trim()} exists already (or was archived)` },
        ])
      }
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <IssuesContext.Provider value={issues}>
      <form
        className="card create-flag"
        onSubmit={submit}
        aria-labelledby="create-flag-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel()
        }}
      >
        <h2 id="create-flag-title">New flag</h2>
        <ErrorNote error={error} />
        <div className="grid-2">
          <div className="field">
            <label htmlFor="new-flag-key">Key</label>
            <input
              id="new-flag-key"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="new-checkout"
              required
              autoFocus
              aria-invalid={issues.some((i) => i.path[0] === 'key') || undefined}
            />
            <FieldIssues path={['key']} />
          </div>
          <div className="field">
            <label htmlFor="new-flag-name">Name</label>
            <input id="new-flag-name" value={name} onChange={(e) => setName(e.target.value)} />
            <FieldIssues path={['name']} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="new-flag-description">Description</label>
          <input
            id="new-flag-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-flag-tags">Tags (comma separated)</label>
          <input id="new-flag-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
          <FieldIssues path={['tags']} />
        </div>
        <div className="field">
          <label htmlFor="new-flag-type">Variation type</label>
          <select
            id="new-flag-type"
            value={type}
            onChange={(e) => setType(e.target.value as VariationType)}
          >
            {VARIATION_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        {type !== 'boolean' && (
          <div className="field">
            <label htmlFor="new-flag-variations">Variations (one per line)</label>
            <textarea
              id="new-flag-variations"
              rows={4}
              value={variationsText}
              onChange={(e) => setVariationsText(e.target.value)}
              placeholder={
                type === 'json'
                  ? '{"color":"blue"}\n{"color":"green"}'
                  : type === 'number'
                    ? '1\n2'
                    : 'blue\ngreen'
              }
            />
          </div>
        )}
        <FieldIssues path={['variations']} />
        <ClientSideField id="new-flag-client-side" checked={clientSide} onChange={setClientSide} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create flag'}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </IssuesContext.Provider>
  )
}
