/**
 * `@andon/sdk-node/openfeature`: an OpenFeature provider for `@openfeature/server-sdk` backed
 * by the Andon client. Each result becomes OpenFeature's details through core's one mapping,
 * the same as the browser provider's: the variation's name as the variant, the reason, an
 * error code and message, and flag metadata (the flag's version, its environment and the
 * Andon reason). Client status and changes become provider events READY, STALE,
 * CONFIGURATION_CHANGED and ERROR; a key the server refuses (401, 403) is FATAL.
 * OpenFeature's `track` is the client's `track`, with `details.value` as the value.
 */
import {
  ErrorCode,
  GeneralError,
  OpenFeatureEventEmitter,
  ProviderEvents,
  ProviderFatalError,
  type EvaluationContext,
  type JsonValue as OpenFeatureJson,
  type Provider,
  type ResolutionDetails,
  type ResolutionReason,
  type TrackingEventDetails,
} from '@openfeature/server-sdk'
import {
  createClient,
  type AndonClient,
  type ClientOptions,
  type ClientStatus,
  type Context,
  type EvaluationDetail,
  type JsonValue,
  type Reason,
} from '../index.js'
import {
  openFeatureErrorCode,
  openFeatureReason,
  openFeatureResolution,
  type OpenFeatureProviderState,
} from '@andon/core'

export interface AndonProviderOptions extends ClientOptions {
  /** How long `initialize` waits for data. Default 5000 ms. */
  readyTimeoutMs?: number
}

/**
 * Maps an Andon reason to an OpenFeature reason, as core's `openFeatureReason` does for both
 * SDKs: a rollout is a SPLIT, a target or a rule TARGETING_MATCH, a plain fallthrough the
 * DEFAULT, an off flag DISABLED, a failed prerequisite PREREQUISITE_FAILED (the flag is on;
 * OpenFeature allows a provider's own reason), an error ERROR.
 * @example
 * toOpenFeatureReason({ kind: 'FALLTHROUGH', inRollout: true }) // 'SPLIT'
 */
export function toOpenFeatureReason(reason: Reason): ResolutionReason {
  return openFeatureReason(reason)
}

/**
 * Maps an Andon error kind to an OpenFeature error code (core's `openFeatureErrorCode`).
 * @example
 * toOpenFeatureErrorCode('WRONG_TYPE') // ErrorCode.TYPE_MISMATCH
 */
export function toOpenFeatureErrorCode(errorKind: Reason['errorKind']): ErrorCode {
  return openFeatureErrorCode(errorKind) as ErrorCode
}

type Scalar = string | number | boolean

function attributeOf(value: unknown): Scalar | Scalar[] | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) {
    const out: Scalar[] = []
    for (const v of value) {
      const a = attributeOf(v)
      if (a !== undefined && !Array.isArray(a)) out.push(a)
    }
    return out
  }
  return undefined // nested objects have no place in Andon's flat contexts
}

/**
 * Turns an OpenFeature evaluation context into an Andon context: `targetingKey` becomes
 * `key`, dates become ISO-8601 strings, nested objects are left out.
 * @example
 * toAndonContext({ targetingKey: 'user-1', country: 'SE' }) // { key: 'user-1', country: 'SE' }
 */
export function toAndonContext(context: EvaluationContext | undefined): Context {
  const out: Context = {}
  if (!context) return out
  for (const [name, value] of Object.entries(context)) {
    if (name === 'targetingKey') continue
    const attribute = attributeOf(value)
    if (attribute !== undefined) out[name] = attribute
  }
  if (typeof context.targetingKey === 'string') out.key = context.targetingKey
  return out
}

/** What the provider says when the server refuses the key. */
const REFUSED = 'the server refused the SDK key'

/**
 * An OpenFeature provider that evaluates with an Andon client.
 * @example
 * import { OpenFeature } from '@openfeature/server-sdk'
 * import { AndonProvider } from '@andon/sdk-node/openfeature'
 * await OpenFeature.setProviderAndWait(new AndonProvider({ baseUrl, sdkKey }))
 * const enabled = await OpenFeature.getClient().getBooleanValue('new-checkout', false, { targetingKey: 'user-1' })
 */
export class AndonProvider implements Provider {
  readonly metadata = { name: 'andon' } as const
  readonly runsOn = 'server' as const
  readonly events = new OpenFeatureEventEmitter()
  /** The Andon client underneath, for its own API (`status()`, `allFlags()`...). */
  readonly client: AndonClient
  readonly #ownsClient: boolean
  readonly #readyTimeoutMs: number
  /** The state the provider last announced, so that each event is emitted on a transition. */
  #announced: 'not-ready' | 'ready' | 'stale' | 'fatal' = 'not-ready'
  /** Whether the client ever had flag data: without it, evaluations are PROVIDER_NOT_READY. */
  #hasData = false
  readonly #stops: (() => void)[] = []

  /**
   * Takes client options (the provider then owns the client and closes it with itself) or an
   * existing client (which its owner closes).
   * @example
   * new AndonProvider({ baseUrl: 'http://localhost:4242', sdkKey: 'srv_...' })
   */
  constructor(clientOrOptions: AndonClient | AndonProviderOptions) {
    const isClient = typeof (clientOrOptions as AndonClient).variationDetail === 'function'
    this.client = isClient
      ? (clientOrOptions as AndonClient)
      : createClient(clientOrOptions as ClientOptions)
    this.#ownsClient = !isClient
    this.#readyTimeoutMs = isClient
      ? 5000
      : ((clientOrOptions as AndonProviderOptions).readyTimeoutMs ?? 5000)
    const onStatus = (status: ClientStatus) => this.#onStatus(status)
    const onChange = (keys: string[]) =>
      this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: keys })
    this.client.on('status', onStatus).on('change', onChange)
    this.#stops.push(
      () => this.client.off('status', onStatus),
      () => this.client.off('change', onChange),
    )
  }

  /** Where evaluations stand: a refused key is fatal; no data yet is not ready. */
  #state(): OpenFeatureProviderState {
    if (this.client.status() === 'unauthorized') return 'fatal'
    return this.#hasData ? 'ready' : 'not-ready'
  }

  #onStatus(status: ClientStatus) {
    if (status === 'ready' || status === 'stale') this.#hasData = true
    if (this.#announced === 'not-ready') return // initialize() has not answered yet
    if (status === 'ready' && this.#announced !== 'ready') {
      this.#announced = 'ready'
      this.events.emit(ProviderEvents.Ready)
    } else if (status === 'stale' && this.#announced !== 'stale') {
      this.#announced = 'stale'
      this.events.emit(ProviderEvents.Stale, { message: 'serving the last known flags' })
    } else if (status === 'unauthorized' && this.#announced !== 'fatal') {
      this.#announced = 'fatal'
      this.events.emit(ProviderEvents.Error, {
        message: REFUSED,
        errorCode: ErrorCode.PROVIDER_FATAL,
      })
    }
  }

  /**
   * Waits for data. Rejects with a fatal error when the server refuses the key (OpenFeature
   * then reports FATAL), or with a general one when no data came in time (ERROR: the provider
   * becomes READY by itself once data arrives later).
   * @example
   * await provider.initialize()
   */
  async initialize(): Promise<void> {
    const ready = await this.client.ready({ timeoutMs: this.#readyTimeoutMs })
    if (ready) this.#hasData = true
    const status = this.client.status()
    if (status === 'unauthorized') {
      this.#announced = 'fatal'
      throw new ProviderFatalError(REFUSED)
    }
    if (!ready) {
      this.#announced = 'stale' // so that data arriving later announces READY
      throw new GeneralError('no flag data from the Andon server in time')
    }
    this.#announced = 'ready'
    // The SDK announces READY once this resolves; a cache served while the server is away
    // is STALE right after that.
    if (status === 'stale') {
      setImmediate(() => this.#onStatus(this.client.status()))
    }
  }

  /**
   * Stops listening to the client, and closes it (its stream or polling, its timers) when
   * the provider created it.
   * @example
   * await OpenFeature.close()
   */
  async onClose(): Promise<void> {
    for (const stop of this.#stops.splice(0)) stop()
    if (this.#ownsClient) await this.client.close()
  }

  /**
   * A tracked event for the guard: the Andon client's `track`, `details.value` its value.
   * @example
   * OpenFeature.getClient().track('checkout-latency-ms', { targetingKey: 'user-1' }, { value: 182 })
   */
  track(
    trackingEventName: string,
    context: EvaluationContext,
    trackingEventDetails?: TrackingEventDetails,
  ): void {
    this.client.track(trackingEventName, toAndonContext(context), trackingEventDetails?.value)
  }

  /** Core's mapping, as the browser provider uses it; OpenFeature's enums are these strings. */
  #resolve<T>(flagKey: string, detail: EvaluationDetail<T>, defaultValue: T): ResolutionDetails<T> {
    const state = this.#state()
    const info = this.client.flagInfo(flagKey)
    return openFeatureResolution(flagKey, detail, defaultValue, state, info) as ResolutionDetails<T>
  }

  /**
   * @example
   * await OpenFeature.getClient().getBooleanDetails('new-checkout', false, { targetingKey: 'u' })
   */
  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    const detail = this.client.boolVariationDetail(flagKey, toAndonContext(context), defaultValue)
    return this.#resolve(flagKey, detail, defaultValue)
  }

  /**
   * @example
   * await OpenFeature.getClient().getStringValue('button-color', 'blue', { targetingKey: 'u' })
   */
  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    const detail = this.client.stringVariationDetail(flagKey, toAndonContext(context), defaultValue)
    return this.#resolve(flagKey, detail, defaultValue)
  }

  /**
   * @example
   * await OpenFeature.getClient().getNumberValue('rate-limit', 100, { targetingKey: 'org-1' })
   */
  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    const detail = this.client.numberVariationDetail(flagKey, toAndonContext(context), defaultValue)
    return this.#resolve(flagKey, detail, defaultValue)
  }

  /**
   * @example
   * await OpenFeature.getClient().getObjectValue('home-layout', { columns: 2 }, { targetingKey: 'u' })
   */
  async resolveObjectEvaluation<T extends OpenFeatureJson>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const detail = this.client.jsonVariationDetail(
      flagKey,
      toAndonContext(context),
      defaultValue as JsonValue,
    )
    return this.#resolve(flagKey, detail as EvaluationDetail<T>, defaultValue)
  }
}
