/**
 * The question asked when a link, back or forward would leave unsaved edits: staying keeps
 * the person on the page with the edits (after a "leave", the new page takes focus itself).
 */
import { QuestionDialog } from './QuestionDialog.js'

export function LeaveDialog(props: { onAnswer(leave: boolean): void }) {
  return (
    <QuestionDialog
      title="Leave without saving?"
      text="This page has edits that are not saved. Leaving drops them."
      keepLabel="Stay and keep editing"
      actLabel="Leave and drop the edits"
      onAnswer={props.onAnswer}
    />
  )
}
