/**
 * @andon/sdk-browser/openfeature: an OpenFeature provider for `@openfeature/web-sdk` on top
 * of a browser client. Context changes re-evaluate locally; the client's `change` and status
 * become the provider's ConfigurationChanged, Stale and Ready events, a key the server
 * refuses (401, 403) an Error event with PROVIDER_FATAL. Each result becomes OpenFeature's
 * details through core's one mapping, the same as the Node provider's. Everything for
 * OpenFeature lives in this entry: the core entry (`dist/index.js`) stays within its budget.
 */
import {
  ErrorCode,
  GeneralError,
  OpenFeatureEventEmitter,
  ProviderEvents,
  ProviderFatalError,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/web-sdk'
import {
  openFeatureFlagInfo,
  openFeatureResolution,
  type Context,
  type EvaluationResult,
  type OpenFeatureFlagInfo,
  type OpenFeatureProviderState,
  type Payload,
} from '@andon/core'
import type { BrowserClient, ClientStatus } from '../types.js'

export interface AndonOpenFeatureOptions {
  /** How long `initialize` waits for the server when the client holds no data. Default 5 s. */
  readyTimeoutMs?: number
  /**
   * Whether closing the provider (`OpenFeature.close()`) closes the client too, its stream
   * and polling included. Default true; false for a client that React also reads.
   */
  closeClient?: boolean
}

/**
 * Whether the client's error says the server refused the key: its polls answer 401 or 403
 * (a stream cannot tell; after it fails, polling asks).
 */
export function isRefusal(message: string | undefined): boolean {
  return /\bHTTP 40[13]\b/.test(message ?? '')
}

const REFUSED = 'the server refused the client key'

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
  /** Set once the server refused the key; OpenFeature then reports FATAL. */
  private fatal = false
  /** The client's data as a payload, and the status it was read under (a new one follows any change). */
  private held: { status: ClientStatus; payload: Payload } | undefined

  constructor(
    private readonly client: BrowserClient,
    private readonly options: AndonOpenFeatureOptions = {},
  ) {}

  async initialize(context?: EvaluationContext): Promise<void> {
    if (context && Object.keys(context).length > 0) {
      await this.client.identify(toAndonContext(context))
    }
    let stale = this.client.status().stale
    let refused: (() => void) | undefined
    const onStatus = (status: ClientStatus) => {
      if (isRefusal(status.error)) {
        if (!this.fatal) {
          this.fatal = true
          refused?.()
          this.events.emit(ProviderEvents.Error, {
            message: REFUSED,
            errorCode: ErrorCode.PROVIDER_FATAL,
          })
        }
      } else if (status.stale && !stale) {
        this.events.emit(ProviderEvents.Stale, { message: status.error })
      } else if (!status.stale && (stale || this.fatal)) {
        this.fatal = false
        this.events.emit(ProviderEvents.Ready)
      }
      stale = status.stale
    }
    this.stops.push(
      this.client.on('change', (flagsChanged) =>
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }),
      ),
      this.client.on('status', onStatus),
    )
    if (isRefusal(this.client.status().error)) this.fatal = true
    if (this.fatal) throw new ProviderFatalError(REFUSED)
    // Values kept from the last visit or rendered by the server are good to serve at once.
    if (this.client.status().source !== 'none') return
    const wait = this.options.readyTimeoutMs ?? 5000
    const ready = await Promise.race([
      this.client.waitForReady(wait),
      new Promise<'refused'>((resolve) => (refused = () => resolve('refused'))),
    ])
    if (ready === 'refused') throw new ProviderFatalError(REFUSED)
    if (!ready) throw new GeneralError('no flags from the Andon server yet')
  }

  onContextChange(_old: EvaluationContext, next: EvaluationContext): Promise<void> {
    return this.client.identify(toAndonContext(next))
  }

  /**
   * Stops listening to the client and, unless `closeClient` is false, closes it: its stream,
   * polling and reporting stop.
   */
  async onClose(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop()
    if (this.options.closeClient !== false) await this.client.close()
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

  /** A refused key is fatal; no data at all (none from the server, cache or bootstrap) not ready. */
  private state(): OpenFeatureProviderState {
    if (this.fatal) return 'fatal'
    const { ready, source } = this.client.status()
    return ready || source !== 'none' ? 'ready' : 'not-ready'
  }

  /** What core's mapping needs of the flag, from the payload read again after each change. */
  private flagInfo(flagKey: string): OpenFeatureFlagInfo | undefined {
    const status = this.client.status()
    if (this.held?.status !== status) this.held = { status, payload: this.client.payload() }
    const { flags, environment } = this.held.payload
    const flag = Object.hasOwn(flags, flagKey) ? flags[flagKey] : undefined
    return openFeatureFlagInfo(flag, environment)
  }

  private resolve<T>(
    flagKey: string,
    defaultValue: T,
    accepts: (value: unknown) => value is T,
  ): ResolutionDetails<T> {
    const state = this.state()
    // Peek first: a value of the wrong type serves the default, which is no exposure.
    let result: EvaluationResult = this.client.peek(flagKey)
    if (state === 'ready') {
      result =
        result.variationIndex !== null && !accepts(result.value)
          ? {
              value: null,
              variationIndex: null,
              reason: { kind: 'ERROR', errorKind: 'WRONG_TYPE' },
            }
          : this.client.variationDetail(flagKey, null) // the held result, counted
    }
    const info = this.flagInfo(flagKey)
    // Core's strings are OpenFeature's enum values.
    return openFeatureResolution(flagKey, result, defaultValue, state, info) as ResolutionDetails<T>
  }
}
