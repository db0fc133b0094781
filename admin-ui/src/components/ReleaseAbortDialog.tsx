/**
 * The question before a release plan is aborted. Aborting leaves the flag as the current step
 * serves it.
 */
import { QuestionDialog } from './QuestionDialog.js'

export function ReleaseAbortDialog(props: {
  flagKey: string
  env: string
  onAnswer(abort: boolean): void
}) {
  return (
    <QuestionDialog
      title={`Abort the release of ${props.flagKey} in ${props.env}?`}
      text="The plan stops for good: no further step starts, and the flag keeps serving what the current step serves until someone changes it."
      keepLabel="Keep the plan going"
      actLabel="Abort the release"
      onAnswer={props.onAnswer}
    />
  )
}
