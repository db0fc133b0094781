/**
 * Members (admins only): who may sign in, with their role per environment; add, edit, set a
 * password, sign them out everywhere, remove. The server refuses anyone else anyway.
 */
import { useState } from 'react'
import { AddMemberForm } from '../components/AddMemberForm.js'
import { ErrorNote } from '../components/ErrorNote.js'
import { MemberEditor } from '../components/MemberEditor.js'
import { TableScroll } from '../components/TableScroll.js'
import { useEnvironmentKeys } from '../hooks/useAdminQueries.js'
import { useReasonNot } from '../hooks/usePermission.js'
import { useMembers } from '../hooks/useTeamQueries.js'
import { formatTime } from '../lib/format-time.js'
import { rolesText } from '../lib/member-form.js'

const NONE: string[] = []

export function MembersPage() {
  const why = useReasonNot({ kind: 'admin' })
  const admin = why === undefined
  const members = useMembers(admin)
  const environments = useEnvironmentKeys().data ?? NONE
  const [editing, setEditing] = useState<number>()
  const [added, setAdded] = useState<string>()
  const edited = members.data?.find((m) => m.id === editing)

  return (
    <section aria-labelledby="members-title">
      <div className="page-head">
        <h1 id="members-title">Members</h1>
      </div>
      {!admin ? (
        <p className="notice notice-warning">{why} Admins manage the members.</p>
      ) : (
        <>
          <ErrorNote error={members.error} />
          {edited && (
            <MemberEditor
              key={edited.id}
              member={edited}
              environments={environments}
              onClose={() => setEditing(undefined)}
            />
          )}
          <div className="card">
            <TableScroll label="Members">
              <table className="keys members">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Admin</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Signs in with</th>
                    <th scope="col">Last sign-in</th>
                  </tr>
                </thead>
                <tbody>
                  {(members.data ?? []).map((m) => (
                    <tr key={m.id}>
                      <td>
                        {/* The name opens the editor: at the row's start, seen on narrow screens. */}
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Edit ${m.name}`}
                          aria-expanded={editing === m.id}
                          onClick={() => setEditing(editing === m.id ? undefined : m.id)}
                        >
                          {m.name}
                        </button>
                      </td>
                      <td>{m.email}</td>
                      <td>{m.admin ? 'admin' : '—'}</td>
                      <td>{rolesText(m)}</td>
                      <td>
                        {[m.hasPassword ? 'password' : '', m.managedBySso ? 'single sign-on' : '']
                          .filter(Boolean)
                          .join(', ') || 'none yet'}
                      </td>
                      <td>{m.lastSignInAt ? formatTime(m.lastSignInAt) : 'never'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
          {members.data?.length === 0 && <p className="muted">No members yet.</p>}
          {added && (
            <p className="muted" role="status">
              Added {added}.
            </p>
          )}
          <AddMemberForm
            key={environments.join('\n')}
            environments={environments}
            onAdded={(m) => setAdded(`${m.name} (${m.email})`)}
          />
        </>
      )}
    </section>
  )
}
