/**
 * A yes-or-no question in a modal dialog whose first choice, and Escape, keep things as they
 * are. Focus starts on that safe choice and goes back where it was when the dialog closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react'

export function QuestionDialog(props: {
  title: ReactNode
  text: ReactNode
  /** The safe choice, focused first: its answer is false. */
  keepLabel: string
  /** The choice that acts: its answer is true. */
  actLabel: string
  onAnswer(act: boolean): void
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const keep = useRef<HTMLButtonElement>(null)
  const id = useId()
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    const before = globalThis.document.activeElement
    if (!element.open) element.showModal()
    keep.current?.focus()
    return () => {
      element.close()
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [])
  return (
    <dialog
      ref={dialog}
      className="leave-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault()
        props.onAnswer(false)
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p id={`${id}-text`}>{props.text}</p>
      <div className="actions">
        <button ref={keep} type="button" className="primary" onClick={() => props.onAnswer(false)}>
          {props.keepLabel}
        </button>
        <button type="button" className="danger" onClick={() => props.onAnswer(true)}>
          {props.actLabel}
        </button>
      </div>
    </dialog>
  )
}
