/** Catches a page that fails to render, so the navigation stays usable and the error is said. */
import { Component, type ReactNode } from 'react'

export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error: Error | undefined; resetKey: string }
> {
  override state = { error: undefined as Error | undefined, resetKey: this.props.resetKey }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  static getDerivedStateFromProps(
    props: { resetKey: string },
    state: { error: Error | undefined; resetKey: string },
  ) {
    // Navigating elsewhere gives the new page a fresh start.
    return props.resetKey !== state.resetKey ? { error: undefined, resetKey: props.resetKey } : null
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div className="notice notice-error" role="alert">
        <h2>This page failed to show</h2>
        <p>{this.state.error.message}</p>
        <p>Other pages still work; reloading the browser tab may help.</p>
      </div>
    )
  }
}
