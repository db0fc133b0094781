/** A new key's secret, shown once, with a copy button. */
import { useState } from 'react'

export function SecretOnce(props: { secret: string; name: string; onDone(): void }) {
  const [copied, setCopied] = useState<boolean>()
  async function copy() {
    try {
      await globalThis.navigator.clipboard.writeText(props.secret)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }
  return (
    <div className="notice notice-secret" role="alert">
      <p>
        <strong>Copy the secret of “{props.name}” now:</strong> it is shown only this once.
      </p>
      <div className="secret-row">
        <label htmlFor="new-secret" className="visually-hidden">
          New key secret
        </label>
        <input
          id="new-secret"
          readOnly
          value={props.secret}
          className="secret"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={props.onDone}>
          Done
        </button>
      </div>
      <span aria-live="polite" className="muted">
        {copied === true
          ? 'Copied to the clipboard.'
          : copied === false
            ? 'Copy failed: select the text and copy it.'
            : ''}
      </span>
    </div>
  )
}
