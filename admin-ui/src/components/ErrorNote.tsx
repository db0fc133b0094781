/** A failed request's message, in an alert region. */
export function ErrorNote(props: { error: Error | string | null | undefined }) {
  if (!props.error) return null
  const message = typeof props.error === 'string' ? props.error : props.error.message
  return (
    <p className="notice notice-error" role="alert">
      {message}
    </p>
  )
}
