/**
 * Whether an environment is critical: there, every change to a flag's config (the switch
 * included) asks for a confirmation that says what changes and takes a comment.
 */
import type { EnvironmentInfo } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useReasonNot } from '../hooks/usePermission.js'
import { useSession } from '../hooks/useSession.js'
import { queryKeys } from '../lib/query-keys.js'
import { ErrorNote } from './ErrorNote.js'

export function CriticalField(props: { env: EnvironmentInfo }) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const notAdmin = useReasonNot({ kind: 'admin' })
  const { key } = props.env
  /** The box as the person set it, until the environments are read again after the save. */
  const [wanted, setWanted] = useState<boolean>()
  const update = useMutation({
    mutationFn: (critical: boolean) => api.updateEnvironment(key, { critical }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.environments })
      setWanted(undefined)
    },
  })
  const id = `critical-${key}`
  const checked = wanted ?? props.env.critical
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
        <label htmlFor={id}>Critical environment</label>
      </span>
      <p className="muted hint" id={`${id}-hint`}>
        Every change to a flag here, the switch included, asks for a confirmation that says what
        changes, with an optional comment for the audit log.{notAdmin && ` ${notAdmin}`}
      </p>
      <ErrorNote error={update.error} />
    </div>
  )
}
