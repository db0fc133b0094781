/**
 * A flag's settings shared by every environment: name, description, tags, variations (typed as
 * when creating the flag), whether browsers may read it (with the warning that its rules then
 * become public), and archiving.
 */
import type { FlagMeta, NewFlag } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useEnvironmentKeys } from '../hooks/useAdminQueries.js'
import { IssuesContext } from '../hooks/useIssues.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useSaveIssues } from '../hooks/useSaveIssues.js'
import { useSession } from '../hooks/useSession.js'
import { useWarnBeforeLeaving } from '../hooks/useWarnBeforeLeaving.js'
import { ApiError, type Issue } from '../lib/api-error.js'
import { parseKeyList } from '../lib/key-list.js'
import { queryKeys } from '../lib/query-keys.js'
import {
  formatVariations,
  parseVariations,
  variationTypeOf,
  type VariationType,
} from '../lib/variations.js'
import { ClientSideField } from './ClientSideField.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { VariationsField } from './VariationsField.js'

interface MetaForm {
  name: string
  description: string
  tags: string
  clientSide: boolean
  variations: string
}

const formOf = (meta: FlagMeta, type: VariationType): MetaForm => ({
  name: meta.name,
  description: meta.description,
  tags: meta.tags.join(', '),
  clientSide: meta.clientSide,
  variations: formatVariations(type, meta.variations),
})

/** The fields that differ from `meta`, as the body of a PATCH, or the issues of the form. */
function patchOf(
  meta: FlagMeta,
  type: VariationType,
  form: MetaForm,
): { patch: Partial<Omit<NewFlag, 'key'>> } | { issues: Issue[] } {
  const parsed = parseVariations(type, form.variations)
  if ('errors' in parsed) {
    return { issues: parsed.errors.map((message) => ({ path: ['variations'], message })) }
  }
  const patch: Partial<Omit<NewFlag, 'key'>> = {}
  if (form.name.trim() !== meta.name) patch.name = form.name.trim()
  if (form.description !== meta.description) patch.description = form.description
  const tags = parseKeyList(form.tags)
  if (tags.join(',') !== meta.tags.join(',')) patch.tags = tags
  if (form.clientSide !== meta.clientSide) patch.clientSide = form.clientSide
  if (JSON.stringify(parsed.variations) !== JSON.stringify(meta.variations)) {
    patch.variations = parsed.variations
  }
  return { patch }
}

export function FlagMetaPanel(props: { meta: FlagMeta; onArchived(): void }) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const { meta } = props
  const type = variationTypeOf(meta.variations)
  const [form, setForm] = useState(() => formOf(meta, type))
  const [error, setError] = useState<string>()
  const [confirmArchive, setConfirmArchive] = useState(false)
  const envKeys = useEnvironmentKeys().data
  const cannotDefine = useReasonNot({ kind: 'define' })
  const cannotArchive = useReasonNot(envKeys && { kind: 'archive', environments: envKeys })
  const why = cannotDefine ?? cannotArchive
  const check = (f: MetaForm) => {
    const result = patchOf(meta, type, f)
    return 'issues' in result ? result.issues : []
  }
  const issues = useSaveIssues(form, check)
  const set = (change: Partial<MetaForm>) => setForm((f) => ({ ...f, ...change }))
  const result = patchOf(meta, type, form)
  useWarnBeforeLeaving(!('patch' in result) || Object.keys(result.patch).length > 0)

  const save = useMutation({
    mutationFn: (patch: Partial<Omit<NewFlag, 'key'>>) => api.updateFlag(meta.key, patch),
    // The flag list holds the settings; this panel is keyed by them, so it starts afresh.
    onSuccess: (saved) =>
      queryClient.setQueryData<FlagMeta[]>(queryKeys.flags, (flags) =>
        flags?.map((f) => (f.key === saved.key ? saved : f)),
      ),
    onError: (e, _patch) => {
      if (e instanceof ApiError) issues.refused(form, e.issues)
      setError(e.message)
    },
  })
  const archive = useMutation({
    mutationFn: () => api.archiveFlag(meta.key),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags })
      props.onArchived()
    },
    onError: (e) => setError(e.message),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    if (issues.tried(form).length > 0 || !('patch' in result)) return
    if (Object.keys(result.patch).length > 0) save.mutate(result.patch)
  }

  return (
    <IssuesContext.Provider value={issues.issues}>
      <details className="card meta-panel">
        <summary>Settings for every environment</summary>
        <form onSubmit={submit}>
          <ErrorNote error={error} />
          <div className="grid-2">
            <div className="field">
              <label htmlFor="meta-name">Name</label>
              <input
                id="meta-name"
                value={form.name}
                onChange={(e) => set({ name: e.target.value })}
              />
              <FieldIssues path={['name']} />
            </div>
            <div className="field">
              <label htmlFor="meta-tags">Tags (comma separated)</label>
              <input
                id="meta-tags"
                value={form.tags}
                onChange={(e) => set({ tags: e.target.value })}
              />
              <FieldIssues path={['tags']} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="meta-description">Description</label>
            <textarea
              id="meta-description"
              rows={2}
              value={form.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          </div>
          <VariationsField
            id="meta-variations"
            type={type}
            text={form.variations}
            invalid={issues.issues.some((i) => i.path[0] === 'variations')}
            note="Rules and rollouts refer to variations by their place: reordering changes what they serve."
            onChange={(variations) => set({ variations })}
          />
          <ClientSideField
            id="meta-client-side"
            checked={form.clientSide}
            onChange={(clientSide) => set({ clientSide })}
            alert={!meta.clientSide}
            everyEnvironment
          />
          <div className="actions">
            <button
              type="submit"
              className="primary"
              disabled={save.isPending || cannotDefine !== undefined}
              aria-describedby={cannotDefine ? 'meta-why' : undefined}
            >
              Save settings
            </button>
            {confirmArchive ? (
              <>
                <button type="button" className="danger" onClick={() => archive.mutate()}>
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
                disabled={cannotArchive !== undefined}
                aria-describedby={cannotArchive ? 'meta-why' : undefined}
                onClick={() => setConfirmArchive(true)}
              >
                Archive flag
              </button>
            )}
            {why && (
              <span className="muted hint" id="meta-why">
                {why}
              </span>
            )}
          </div>
        </form>
      </details>
    </IssuesContext.Provider>
  )
}
