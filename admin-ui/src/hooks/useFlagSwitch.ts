/**
 * The flag list's kill switches as a TanStack mutation that does not render the page itself:
 * with `useMutation`, each step of every toggle (pending, then done) would render the list of
 * 1,000 flags again and slow the switch down. One PATCH and nothing else: the result goes
 * into the live environment at once, so the stream's echo of it changes nothing. In a critical
 * environment the PATCH waits for one confirmation (hooks/useCriticalConfirm.ts).
 */
import { MutationObserver, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { asRequest, needsApproval, switchQuestion } from '../lib/critical-question.js'
import { flagPatch } from '../lib/live-registry.js'
import { useApprovalEnvironments } from './useAdminQueries.js'
import { useCriticalConfirm } from './useCriticalConfirm.js'
import { useSession } from './useSession.js'

interface Toggle {
  flag: string
  env: string
  enabled: boolean
  comment?: string
}

export function useFlagSwitch() {
  const { api, live } = useSession()
  const queryClient = useQueryClient()
  /** The environment whose switch is being saved, by flag. */
  const [busy, setBusy] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  /** Switching on where approval is required made a request instead: said once, here. */
  const [requested, setRequested] = useState<string>()
  const confirmation = useCriticalConfirm()
  const { ask } = confirmation
  const approval = useApprovalEnvironments()
  const patch = useCallback(
    (flag: string, env: string, enabled: boolean, comment: string | undefined) => {
      setBusy((b) => ({ ...b, [flag]: env }))
      setError(undefined)
      setRequested(undefined)
      const observer = new MutationObserver(queryClient, {
        mutationFn: (t: Toggle) =>
          api.updateFlagConfig(t.flag, t.env, { enabled: t.enabled }, undefined, t.comment),
        onSuccess: (written, t) => {
          if (written.kind === 'applied') live.applyLocal(t.env, flagPatch(written.flag))
          else setRequested(`Switching ${t.flag} on in ${t.env} awaits approval by another editor.`)
        },
        onError: (e, t) => setError(`${t.flag} in ${t.env}: ${e.message}`),
        onSettled: (_saved, _error, t) => setBusy(({ [t.flag]: _done, ...rest }) => rest),
      })
      observer.mutate({ flag, env, enabled, comment }).catch(() => {})
    },
    [api, live, queryClient],
  )
  const toggle = useCallback(
    (flag: string, env: string, enabled: boolean) => {
      const question = switchQuestion(flag, env, enabled)
      ask(needsApproval(approval, env) ? asRequest(question) : question, (comment) =>
        patch(flag, env, enabled, comment),
      )
    },
    [ask, patch, approval],
  )
  return { toggle, busy, error, requested, confirmation }
}
