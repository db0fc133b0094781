/** A textarea of keys, one per line or comma separated (targets, segment members). */
import { useState } from 'react'
import { formatKeyList, parseKeyList } from '../lib/key-list.js'

export function KeyListField(props: {
  id: string
  label: string
  keys: readonly string[]
  onChange(keys: string[]): void
  hint?: string
}) {
  const [text, setText] = useState(() => formatKeyList(props.keys))
  const count = parseKeyList(text).length
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={Math.min(6, Math.max(2, count + 1))}
        value={text}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => {
          setText(e.target.value)
          props.onChange(parseKeyList(e.target.value))
        }}
      />
      <span className="muted hint" id={`${props.id}-hint`}>
        {count} {count === 1 ? 'key' : 'keys'}
        {props.hint ? `. ${props.hint}` : ''}
      </span>
    </div>
  )
}
