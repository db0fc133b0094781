/**
 * The question asked when a link, back or forward would leave unsaved edits: a modal dialog
 * whose first choice, and Escape, keep the person on the page with the edits, and focus where
 * it was before the question.
 */
import { useEffect, useRef } from 'react'

export function LeaveDialog(props: { onAnswer(leave: boolean): void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const stay = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    const before = globalThis.document.activeElement
    if (!element.open) element.showModal()
    stay.current?.focus()
    return () => {
      element.close()
      // The dialog leaves the page with its answer: focus goes back where the person was
      // (after a "leave", the new page then takes focus itself).
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [])
  return (
    <dialog
      ref={dialog}
      className="leave-dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onCancel={(event) => {
        event.preventDefault()
        props.onAnswer(false)
      }}
    >
      <h2 id="leave-title">Leave without saving?</h2>
      <p id="leave-text">This page has edits that are not saved. Leaving drops them.</p>
      <div className="actions">
        <button ref={stay} type="button" className="primary" onClick={() => props.onAnswer(false)}>
          Stay and keep editing
        </button>
        <button type="button" className="danger" onClick={() => props.onAnswer(true)}>
          Leave and drop the edits
        </button>
      </div>
    </dialog>
  )
}
