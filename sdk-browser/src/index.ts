/**
 * @andon/sdk-browser: feature flags in the page, evaluated locally, live through the stream,
 * without flicker. React bindings: `@andon/sdk-browser/react`; OpenFeature provider:
 * `@andon/sdk-browser/openfeature`.
 */
export { createBrowserClient } from './client.js'
export { evaluate } from '@andon/core'
export type {
  BrowserClient,
  BrowserClientOptions,
  ClientEvents,
  ClientStatus,
  ConnectionState,
  DataSource,
  KeyValueStorage,
  Widen,
} from './types.js'
export type {
  Context,
  EvaluationResult,
  JsonValue,
  Payload,
  Reason,
  ReasonKind,
  ErrorKind,
} from '@andon/core'
