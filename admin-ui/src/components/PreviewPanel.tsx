/**
 * Preview: a context typed as JSON and what it gets, from the server (the saved flag), and from
 * core's evaluator on the unsaved edits when there are any.
 */
import { evaluate, type EvaluationResult, type Flag, type Payload } from '@andon/core'
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useSession } from '../hooks/useSession.js'
import { parseContext, describeReason } from '../lib/preview.js'
import { variationLabel } from '../lib/variations.js'
import { ErrorNote } from './ErrorNote.js'

function Result(props: {
  title: string
  answer: EvaluationResult
  variations: Flag['variations']
}) {
  const { answer } = props
  return (
    <div className="preview-result">
      <h4>{props.title}</h4>
      <p>
        <span className="big">
          {answer.variationIndex === null
            ? 'the caller’s default'
            : variationLabel(props.variations[answer.variationIndex])}
        </span>
      </p>
      <p className="muted">{describeReason(answer.reason)}</p>
    </div>
  )
}

export function PreviewPanel(props: {
  env: string
  flagKey: string
  draftFlag: Flag | undefined
  payload: Payload | undefined
  variations: Flag['variations']
}) {
  const { api } = useSession()
  const [text, setText] = useState('{\n  "key": "user-1"\n}')
  const [draft, setDraft] = useState<EvaluationResult>()
  const [error, setError] = useState<string>()
  const saved = useMutation({
    mutationFn: (context: unknown) => api.evaluate(props.env, props.flagKey, context),
    onError: (e) => setError(e.message),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const context = parseContext(text)
    if ('error' in context) {
      setError(context.error)
      return
    }
    setError(undefined)
    if (props.draftFlag && props.payload) {
      const payload = {
        ...props.payload,
        flags: { ...props.payload.flags, [props.flagKey]: props.draftFlag },
      }
      setDraft(evaluate(payload, props.flagKey, context.context, null))
    } else setDraft(undefined)
    saved.mutate(context.context)
  }

  return (
    <section className="card preview" aria-labelledby="preview-title">
      <h3 id="preview-title">Preview in {props.env}</h3>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="preview-context">Context (JSON)</label>
          <textarea
            id="preview-context"
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        </div>
        <button type="submit">Evaluate</button>
      </form>
      <ErrorNote error={error} />
      <div aria-live="polite">
        {saved.data && (
          <Result title="Saved version" answer={saved.data} variations={props.variations} />
        )}
        {draft && (
          <Result title="With your unsaved edits" answer={draft} variations={props.variations} />
        )}
      </div>
    </section>
  )
}
