/**
 * The one confirmation of a change in a critical environment: what changes, in plain words,
 * and an optional comment that the audit log keeps. Escape and Cancel change nothing.
 */
import { useEffect, useRef, useState } from 'react'
import { COMMENT_MAX, type Question } from '../lib/critical-question.js'

export function ConfirmChangeDialog(props: {
  question: Question
  onConfirm(comment: string | undefined): void
  onCancel(): void
  /** False for a change whose request keeps no comment (starting a release plan). */
  commentable?: boolean
}) {
  const { question } = props
  const dialog = useRef<HTMLDialogElement>(null)
  const confirm = useRef<HTMLButtonElement>(null)
  const [comment, setComment] = useState('')
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    const before = globalThis.document.activeElement
    if (!element.open) element.showModal()
    // Enter confirms: the kill switch stays one click and one confirmation.
    confirm.current?.focus()
    return () => {
      element.close()
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [])
  const trimmed = comment.trim()
  return (
    <dialog
      ref={dialog}
      className="leave-dialog confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      onCancel={(event) => {
        event.preventDefault()
        props.onCancel()
      }}
    >
      <h2 id="confirm-title">{question.title}</h2>
      <p id="confirm-text">{question.env} is a critical environment. This changes:</p>
      <ul className="change-summary">
        {question.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {props.commentable !== false && (
        <div className="field">
          <label htmlFor="confirm-comment">Comment (optional, kept in the audit log)</label>
          <textarea
            id="confirm-comment"
            rows={2}
            maxLength={COMMENT_MAX}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
      )}
      <div className="actions">
        <button
          ref={confirm}
          type="button"
          className="primary"
          onClick={() => props.onConfirm(trimmed === '' ? undefined : trimmed)}
        >
          {question.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  )
}
