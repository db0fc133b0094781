/**
 * Changes in a critical environment wait for the person's confirmation (with an optional
 * comment); elsewhere they apply at once. While the environments are not loaded yet, every
 * environment counts as critical: in doubt, ask.
 */
import { useCallback, useState } from 'react'
import { needsConfirmation, type Question } from '../lib/critical-question.js'
import { useCriticalEnvironments } from './useAdminQueries.js'

type Apply = (comment: string | undefined) => void

export function useCriticalConfirm() {
  const critical = useCriticalEnvironments()
  const [asking, setAsking] = useState<{ question: Question; apply: Apply }>()
  /** Runs `apply` now, or once the person confirms `question` when its environment is critical. */
  const ask = useCallback(
    (question: Question, apply: Apply) => {
      if (needsConfirmation(critical, question.env)) setAsking({ question, apply })
      else apply(undefined)
    },
    [critical],
  )
  return {
    ask,
    /** The question waiting for an answer, to show in a ConfirmChangeDialog. */
    question: asking?.question,
    confirm(comment: string | undefined) {
      setAsking(undefined)
      asking?.apply(comment)
    },
    cancel: () => setAsking(undefined),
  }
}
