/**
 * A yes-or-no setting of an environment that admins set, saved as soon as it is ticked:
 * `critical` (every change to a flag's config asks for a confirmation that says what changes
 * and takes a comment) or `requireApproval` (an edit becomes a change request that another
 * editor approves).
 */
import type { EnvironmentInfo } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { useReasonNot } from '../hooks/usePermission.js'
import { useSession } from '../hooks/useSession.js'
import { queryKeys } from '../lib/query-keys.js'
import { ErrorNote } from './ErrorNote.js'

export type EnvironmentSetting = 'critical' | 'requireApproval'

export function EnvironmentSettingField(props: {
  env: EnvironmentInfo
  setting: EnvironmentSetting
  label: string
  hint: ReactNode
}) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const notAdmin = useReasonNot({ kind: 'admin' })
  const { env, setting } = props
  /** The box as the person set it, until the environments are read again after the save. */
  const [wanted, setWanted] = useState<boolean>()
  const update = useMutation({
    mutationFn: (value: boolean) => api.updateEnvironment(env.key, { [setting]: value }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.environments })
      setWanted(undefined)
    },
  })
  const id = `${setting}-${env.key}`
  const checked = wanted ?? env[setting]
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
        <label htmlFor={id}>{props.label}</label>
      </span>
      <p className="muted hint" id={`${id}-hint`}>
        {props.hint}
        {notAdmin && ` ${notAdmin}`}
      </p>
      <ErrorNote error={update.error} />
    </div>
  )
}
