/**
 * Adds a member: email, name, an optional password (without one they sign in with single
 * sign-on only), admin, and a role per environment.
 */
import type { MemberInfo } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useSession } from '../hooks/useSession.js'
import { MIN_PASSWORD, newMemberOf, type MemberForm } from '../lib/member-form.js'
import { queryKeys } from '../lib/query-keys.js'
import { ErrorNote } from './ErrorNote.js'
import { RolesField } from './RolesField.js'

const empty = (environments: readonly string[]): MemberForm => ({
  email: '',
  name: '',
  password: '',
  admin: false,
  roles: Object.fromEntries(environments.map((env) => [env, 'viewer' as const])),
})

export function AddMemberForm(props: {
  environments: readonly string[]
  onAdded(member: MemberInfo): void
}) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const [form, setForm] = useState(() => empty(props.environments))
  const [error, setError] = useState<string>()
  const set = (change: Partial<MemberForm>) => setForm((f) => ({ ...f, ...change }))
  const add = useMutation({
    mutationFn: (input: Exclude<ReturnType<typeof newMemberOf>, string>) => api.addMember(input),
    onSuccess: (member) => {
      setForm(empty(props.environments))
      props.onAdded(member)
      return queryClient.invalidateQueries({ queryKey: queryKeys.members })
    },
    onError: (e) => setError(e.message),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const input = newMemberOf({
      ...form,
      // Environments created since the form opened: viewer, as the form starts.
      roles: { ...empty(props.environments).roles, ...form.roles },
    })
    if (typeof input === 'string') {
      setError(input)
      return
    }
    setError(undefined)
    add.mutate(input)
  }

  return (
    <form className="card member-form" onSubmit={submit} aria-labelledby="add-member-title">
      <h2 id="add-member-title">Add a member</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="member-email">Email</label>
          <input
            id="member-email"
            type="email"
            autoComplete="off"
            value={form.email}
            onChange={(e) => set({ email: e.target.value })}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="member-name">Name</label>
          <input
            id="member-name"
            autoComplete="off"
            value={form.name}
            placeholder="from the email when empty"
            onChange={(e) => set({ name: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="member-password">Password (optional)</label>
          <input
            id="member-password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            aria-describedby="member-password-hint"
            onChange={(e) => set({ password: e.target.value })}
          />
          <p className="muted hint" id="member-password-hint">
            At least {MIN_PASSWORD} characters. Without one, the member signs in with single sign-on
            only.
          </p>
        </div>
        <div className="field">
          <span className="field-inline checkbox">
            <input
              id="member-admin"
              type="checkbox"
              checked={form.admin}
              aria-describedby="member-admin-hint"
              onChange={(e) => set({ admin: e.target.checked })}
            />
            <label htmlFor="member-admin">Admin</label>
          </span>
          <p className="muted hint" id="member-admin-hint">
            Admins manage members, tokens, environments and keys, and edit everywhere.
          </p>
        </div>
      </div>
      <RolesField
        id="member-role"
        environments={props.environments}
        value={form.roles}
        onChange={(roles) => set({ roles })}
      />
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add member'}
        </button>
      </div>
    </form>
  )
}
