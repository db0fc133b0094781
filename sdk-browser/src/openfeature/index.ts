/**
 * @andon/sdk-browser/openfeature: an OpenFeature provider for `@openfeature/web-sdk` on top
 * of a browser client. Context changes re-evaluate locally; the client's `change` and status
 * become the provider's ConfigurationChanged, Stale and Ready events.
 */
import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  StandardResolutionReasons,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/web-sdk'
import {
  openFeatureErrorCode,
  openFeatureMetadata,
  openFeatureReason,
  type Context,
  type EvaluationResult,
} from '@andon/core'
import type { BrowserClient } from '../types.js'

export interface AndonOpenFeatureOptions {
  /** How long `initialize` waits for the server when the client holds no data. Default 5 s. */
  readyTimeoutMs?: number
}

/**
 * OpenFeature's context as an Andon context: `targetingKey` becomes `key`, dates become
 * ISO strings, and values Andon cannot match on (objects, nulls) are left out.
 * @example toAndonContext({ targetingKey: 'user-1', plan: 'pro' }) // { key: 'user-1', plan: 'pro' }
 */
export function toAndonContext(context: EvaluationContext | undefined): Context {
  const out: Context = {}
  for (const [name, value] of Object.entries(context ?? {})) {
    const attribute = name === 'targetingKey' ? 'key' : name
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[attribute] = value
    } else if (value instanceof Date) {
      out[attribute] = value.toISOString()
    } else if (Array.isArray(value)) {
      out[attribute] = value.filter(
        (v): v is string | number | boolean =>
          typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
      )
    }
  }
  if (typeof out.key !== 'string') delete out.key
  return out
}

/** What OpenFeature is told of a result: reasons, codes and metadata as core maps them. */
function toResolution<T>(result: EvaluationResult, value: T): ResolutionDetails<T> {
  const { reason, variationIndex } = result
  const flagMetadata = openFeatureMetadata(reason)
  if (reason.kind === 'ERROR') {
    return {
      value,
      reason: StandardResolutionReasons.ERROR,
      errorCode: openFeatureErrorCode(reason.errorKind) as ErrorCode,
      flagMetadata,
    }
  }
  return {
    value,
    reason: openFeatureReason(reason),
    ...(variationIndex !== null && { variant: String(variationIndex) }),
    flagMetadata,
  }
}

/**
 * The Andon provider for OpenFeature's web SDK.
 * @example
 * import { OpenFeature } from '@openfeature/web-sdk'
 * const flags = createBrowserClient({ baseUrl, clientKey })
 * await OpenFeature.setProviderAndWait(new AndonOpenFeatureProvider(flags))
 * await OpenFeature.setContext({ targetingKey: 'user-1', plan: 'pro' })
 * OpenFeature.getClient().getBooleanValue('new-checkout', false)
 */
export class AndonOpenFeatureProvider implements Provider {
  readonly metadata = { name: 'andon' } as const
  readonly runsOn = 'client'
  readonly events = new OpenFeatureEventEmitter()
  private stops: (() => void)[] = []

  constructor(
    private readonly client: BrowserClient,
    private readonly options: AndonOpenFeatureOptions = {},
  ) {}

  async initialize(context?: EvaluationContext): Promise<void> {
    if (context && Object.keys(context).length > 0) {
      await this.client.identify(toAndonContext(context))
    }
    let stale = this.client.status().stale
    this.stops.push(
      this.client.on('change', (flagsChanged) =>
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }),
      ),
      this.client.on('status', (status) => {
        if (status.stale && !stale)
          this.events.emit(ProviderEvents.Stale, { message: status.error })
        else if (!status.stale && stale) this.events.emit(ProviderEvents.Ready)
        stale = status.stale
      }),
    )
    // Values kept from the last visit or rendered by the server are good to serve at once.
    if (this.client.status().source !== 'none') return
    if (!(await this.client.waitForReady(this.options.readyTimeoutMs ?? 5000))) {
      throw new Error('no flags from the Andon server yet')
    }
  }

  onContextChange(_old: EvaluationContext, next: EvaluationContext): Promise<void> {
    return this.client.identify(toAndonContext(next))
  }

  /** Stops listening to the client; the client itself stays open (it may serve React too). */
  async onClose(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop()
  }

  /**
   * OpenFeature's tracking: the client's `track` with the details' `value`, for the client's
   * context (which follows OpenFeature's through `onContextChange`).
   */
  track(trackingEventName: string, _context: EvaluationContext, details?: TrackingEventDetails) {
    this.client.track(trackingEventName, details?.value)
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean) {
    return this.resolve(flagKey, defaultValue, (v): v is boolean => typeof v === 'boolean')
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string) {
    return this.resolve(flagKey, defaultValue, (v): v is string => typeof v === 'string')
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number) {
    return this.resolve(flagKey, defaultValue, (v): v is number => typeof v === 'number')
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T) {
    return this.resolve(flagKey, defaultValue, (v): v is T => typeof v === 'object' && v !== null)
  }

  private resolve<T>(
    flagKey: string,
    defaultValue: T,
    accepts: (value: unknown) => value is T,
  ): ResolutionDetails<T> {
    // Peek first: a value of the wrong type serves the default, which is no exposure.
    const held = this.client.peek(flagKey)
    if (held.variationIndex !== null && !accepts(held.value)) {
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.TYPE_MISMATCH,
      }
    }
    const result = this.client.variationDetail(flagKey, null) // the held result, counted
    if (result.variationIndex === null) return toResolution(result, defaultValue)
    return toResolution(result, result.value as T) // accepted above
  }
}
