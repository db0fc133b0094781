/**
 * Creating a flag: key, name, description, tags, and the variations as typed (boolean, strings,
 * numbers or JSON), checked before sending; the server's 422 lands at its field. Messages go as
 * soon as what they concern is fixed.
 */
import { keySchema, type FlagMeta, type NewFlag } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { IssuesContext } from '../hooks/useIssues.js'
import { useSaveIssues } from '../hooks/useSaveIssues.js'
import { useSession } from '../hooks/useSession.js'
import { ApiError, type Issue } from '../lib/api-error.js'
import type { AndonApi } from '../lib/andon-api.js'
import { firstOnVariation } from '../lib/config-draft.js'
import { parseKeyList } from '../lib/key-list.js'
import { queryKeys } from '../lib/query-keys.js'
import { parseVariations, VARIATION_TYPES, type VariationType } from '../lib/variations.js'
import { ClientSideField } from './ClientSideField.js'
import { ErrorNote } from './ErrorNote.js'
import { FieldIssues } from './FieldIssues.js'
import { VariationsField } from './VariationsField.js'

interface FlagForm {
  key: string
  name: string
  description: string
  tags: string
  type: VariationType
  variations: string
  clientSide: boolean
}

const EMPTY: FlagForm = {
  key: '',
  name: '',
  description: '',
  tags: '',
  type: 'boolean',
  variations: '',
  clientSide: false,
}

function formIssues(form: FlagForm): Issue[] {
  const issues: Issue[] = []
  const key = keySchema.safeParse(form.key.trim())
  if (!key.success) issues.push({ path: ['key'], message: key.error.issues[0]?.message ?? '' })
  const parsed = parseVariations(form.type, form.variations)
  if ('errors' in parsed)
    issues.push(...parsed.errors.map((m) => ({ path: ['variations'], message: m })))
  return issues
}

/**
 * Creates the flag. Once switched on, a new flag serves its first variation that is not the off
 * variation; the server's default serves the last one, which for three or more variations is
 * rarely what is meant, so each environment's default rule is set here.
 */
async function createFlag(api: AndonApi, input: NewFlag): Promise<FlagMeta> {
  const flag = await api.createFlag(input)
  if (input.variations.length > 2) {
    const envs = await api.environments()
    await Promise.all(
      envs.map(async (env) => {
        const config = await api.flagConfig(flag.key, env.key)
        const variation = firstOnVariation(input.variations.length, config.offVariation)
        if ('variation' in config.fallthrough && config.fallthrough.variation === variation) return
        await api.updateFlagConfig(
          flag.key,
          env.key,
          { fallthrough: { variation } },
          config.version,
        )
      }),
    )
  }
  return flag
}

export function CreateFlagForm(props: { onCreated(flag: FlagMeta): void; onCancel(): void }) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const [form, setForm] = useState(EMPTY)
  const [error, setError] = useState<string>()
  const issues = useSaveIssues(form, formIssues)
  const set = (change: Partial<FlagForm>) => setForm((f) => ({ ...f, ...change }))
  const create = useMutation({
    mutationFn: (input: NewFlag) => createFlag(api, input),
    onSuccess: (flag) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags })
      props.onCreated(flag)
    },
    onError: (e, input) => {
      if (e instanceof ApiError && e.issues.length > 0) issues.refused(form, e.issues)
      else if (e instanceof ApiError && e.status === 409) {
        const message = `a flag ${input.key} exists already (or was archived)`
        issues.refused(form, [{ path: ['key'], message }])
      }
      setError(e.message)
    },
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    if (issues.tried(form).length > 0) return
    const parsed = parseVariations(form.type, form.variations)
    if ('errors' in parsed) return
    const key = form.key.trim()
    create.mutate({
      key,
      name: form.name.trim() || key,
      description: form.description.trim(),
      tags: parseKeyList(form.tags),
      variations: parsed.variations,
      clientSide: form.clientSide,
    })
  }

  const keyInvalid = issues.issues.some((i) => i.path[0] === 'key')
  return (
    <IssuesContext.Provider value={issues.issues}>
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
              value={form.key}
              onChange={(e) => set({ key: e.target.value })}
              placeholder="new-checkout"
              required
              autoFocus
              aria-invalid={keyInvalid || undefined}
            />
            <FieldIssues path={['key']} />
          </div>
          <div className="field">
            <label htmlFor="new-flag-name">Name</label>
            <input
              id="new-flag-name"
              value={form.name}
              onChange={(e) => set({ name: e.target.value })}
            />
            <FieldIssues path={['name']} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="new-flag-description">Description</label>
          <input
            id="new-flag-description"
            value={form.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="new-flag-tags">Tags (comma separated)</label>
          <input
            id="new-flag-tags"
            value={form.tags}
            onChange={(e) => set({ tags: e.target.value })}
          />
          <FieldIssues path={['tags']} />
        </div>
        <div className="field">
          <label htmlFor="new-flag-type">Variation type</label>
          <select
            id="new-flag-type"
            value={form.type}
            onChange={(e) => set({ type: e.target.value as VariationType })}
          >
            {VARIATION_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        {form.type !== 'boolean' && (
          <VariationsField
            id="new-flag-variations"
            type={form.type}
            text={form.variations}
            invalid={issues.issues.some((i) => i.path[0] === 'variations')}
            note="Switched on, the flag serves the second one to everyone; the first is served while it is off."
            onChange={(variations) => set({ variations })}
          />
        )}
        <ClientSideField
          id="new-flag-client-side"
          checked={form.clientSide}
          onChange={(clientSide) => set({ clientSide })}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create flag'}
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </IssuesContext.Provider>
  )
}
