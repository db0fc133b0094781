/**
 * One member's settings: name, admin and roles (single sign-on sets the roles of members it
 * manages), a new password, signing them out everywhere, and removing them.
 */
import type { MemberInfo, MemberPatch } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useMe } from '../hooks/useMe.js'
import { useSession } from '../hooks/useSession.js'
import { choicesOf, passwordIssue, rolesOf, MIN_PASSWORD } from '../lib/member-form.js'
import { queryKeys } from '../lib/query-keys.js'
import { ErrorNote } from './ErrorNote.js'
import { RolesField } from './RolesField.js'

export function MemberEditor(props: {
  member: MemberInfo
  environments: readonly string[]
  onClose(): void
}) {
  const { member } = props
  const { api } = useSession()
  const me = useMe()
  const queryClient = useQueryClient()
  const [name, setName] = useState(member.name)
  const [admin, setAdmin] = useState(member.admin)
  const [roles, setRoles] = useState(() => choicesOf(member.roles, props.environments))
  const [password, setPassword] = useState('')
  const [confirmRemove, setConfirmRemove] = useState(false)
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const reload = () => queryClient.invalidateQueries({ queryKey: queryKeys.members })
  const onError = (e: Error) => {
    setDone(undefined)
    setError(e.message)
  }
  const update = useMutation({
    mutationFn: (patch: MemberPatch) => api.updateMember(member.id, patch),
    onSuccess: (_saved, patch) => {
      setError(undefined)
      setDone(patch.password ? 'Password set.' : 'Saved.')
      if (patch.password) setPassword('')
      return reload()
    },
    onError,
  })
  const endSessions = useMutation({
    mutationFn: () => api.endMemberSessions(member.id),
    onSuccess: () => {
      setError(undefined)
      setDone(`${member.name} is signed out everywhere.`)
    },
    onError,
  })
  const remove = useMutation({
    mutationFn: () => api.removeMember(member.id),
    onSuccess: async () => {
      await reload()
      props.onClose()
    },
    onError,
  })
  const self = me.kind === 'member' && me.id === member.id
  const heading = useRef<HTMLHeadingElement>(null)
  // Opened from a row further down: bring the editor into view, and the keyboard with it.
  useEffect(() => heading.current?.focus(), [])
  const id = `member-${member.id}`

  function save(event: FormEvent) {
    event.preventDefault()
    const patch: MemberPatch = { name: name.trim() || member.name, admin }
    if (!member.managedBySso) patch.roles = rolesOf(roles)
    update.mutate(patch)
  }

  function setNewPassword(event: FormEvent) {
    event.preventDefault()
    const issue = passwordIssue(password)
    if (issue || password === '') {
      setError(issue ?? `A password needs at least ${MIN_PASSWORD} characters.`)
      return
    }
    update.mutate({ password })
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {member.name} <span className="muted">{member.email}</span>
        </h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <form onSubmit={save} aria-label={`Settings of ${member.name}`}>
        <div className="grid-2">
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <span className="field-inline checkbox">
              <input
                id={`${id}-admin`}
                type="checkbox"
                checked={admin}
                onChange={(e) => setAdmin(e.target.checked)}
              />
              <label htmlFor={`${id}-admin`}>Admin</label>
            </span>
          </div>
        </div>
        <RolesField
          id={`${id}-role`}
          environments={props.environments}
          value={roles}
          onChange={setRoles}
          disabled={member.managedBySso}
          hint={
            member.managedBySso
              ? 'Single sign-on sets these roles from the identity provider’s groups at each sign-in.'
              : undefined
          }
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={update.isPending}>
            Save member
          </button>
        </div>
      </form>
      <form className="inline-form" onSubmit={setNewPassword} aria-label="Password">
        <label htmlFor={`${id}-password`}>New password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" disabled={password === '' || update.isPending}>
          Set password
        </button>
      </form>
      <ErrorNote error={error} />
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => endSessions.mutate()}
          disabled={endSessions.isPending}
          aria-describedby={`${id}-end-hint`}
        >
          End sessions
        </button>
        <span className="muted hint" id={`${id}-end-hint`}>
          Signs {self ? 'you' : member.name} out on every device.
        </span>
        {confirmRemove ? (
          <>
            <button type="button" className="danger" onClick={() => remove.mutate()}>
              Remove {member.name} now
            </button>
            <button type="button" onClick={() => setConfirmRemove(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="danger-outline" onClick={() => setConfirmRemove(true)}>
            Remove member
          </button>
        )}
      </div>
    </section>
  )
}
