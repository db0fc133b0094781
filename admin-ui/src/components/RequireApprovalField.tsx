/**
 * Whether an environment requires approval: there, an edit of a flag's config (anything but
 * switching it off) becomes a change request that another editor approves. Admins set it.
 */
import type { EnvironmentInfo } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useReasonNot } from '../hooks/usePermission.js'
import { useSession } from '../hooks/useSession.js'
import { queryKeys } from '../lib/query-keys.js'
import { routeHref } from '../lib/route.js'
import { ErrorNote } from './ErrorNote.js'

export function RequireApprovalField(props: { env: EnvironmentInfo }) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const notAdmin = useReasonNot({ kind: 'admin' })
  const { key } = props.env
  /** The box as the person set it, until the environments are read again after the save. */
  const [wanted, setWanted] = useState<boolean>()
  const update = useMutation({
    mutationFn: (requireApproval: boolean) => api.updateEnvironment(key, { requireApproval }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.environments })
      setWanted(undefined)
    },
  })
  const id = `approval-${key}`
  const checked = wanted ?? props.env.requireApproval
  return (
    <div className="field">
      <span className="field-inline checkbox">
        <input
          id={id}
          type="checkbox"
          checked={checked === true}
          disabled={update.isPending || notAdmin !== undefined}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            setWanted(e.target.checked)
            update.mutate(e.target.checked)
          }}
        />
        <label htmlFor={id}>Require approval</label>
      </span>
      <p className="muted hint" id={`${id}-hint`}>
        Edits of flags here wait until another editor approves them on the{' '}
        <a href={routeHref({ page: 'changes', env: key })}>Change requests</a> page. Switching a
        flag off always applies at once.{notAdmin && ` ${notAdmin}`}
      </p>
      <ErrorNote error={update.error} />
    </div>
  )
}
