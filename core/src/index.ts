/**
 * @andon/core: the flag model, its wire schemas, MurmurHash bucketing and the evaluator that
 * the server and both SDKs share, so that a context gets the same variation everywhere.
 */
export type * from './model.js'
export { murmur3, hashPrefix, hashWithPrefix, type HashPrefix } from './murmur3.js'
export {
  bucket,
  bucketOfHash,
  bucketableValue,
  saltPrefix,
  bucketWithPrefix,
  BUCKET_COUNT,
} from './bucket.js'
export { createEvaluator, evaluate, type Evaluator } from './evaluator.js'
/** The result for a flag that is not held: frozen, shared, serving the caller's default. */
export { FLAG_NOT_FOUND } from './results.js'
export { parseSemVer, compareSemVer, type SemVer } from './semver.js'
export { toInstant } from './instant.js'
export { MATCH_INPUT_LIMIT } from './clause.js'
export * from './schemas.js'
export { eventBatchSchema, EVENT_BATCH_LIMITS } from './event-batch-schema.js'
export {
  createFlagStore,
  type FlagStore,
  type FlagStoreOptions,
  type FlagHolding,
  type ItemPatch,
  type ItemDelete,
} from './flag-store.js'
export { COMPACT_HOLDING } from './compact-flag.js'
export { asPayload, asPatch, asDelete, parseJson, parseStreamEvent } from './wire-check.js'
export { createBackoff, type Backoff } from './backoff.js'
export { typedResult } from './typed-result.js'
export { MAX_QUEUED_BATCHES, eventsIn, isRetryable } from './event-queue.js'
export {
  openFeatureErrorCode,
  openFeatureFlagInfo,
  openFeatureMetadata,
  openFeatureReason,
  openFeatureResolution,
  openFeatureVariant,
  type OpenFeatureErrorCode,
  type OpenFeatureFlagInfo,
  type OpenFeatureProviderState,
  type OpenFeatureReason,
  type OpenFeatureResolution,
} from './openfeature-mapping.js'
export {
  VARIATION_NAME_PATTERN,
  isNamedVariation,
  variationName,
  variationValue,
} from './variation-name.js'
export {
  createEventAggregator,
  type EventAggregator,
  type EventBatch,
  type ExposureCount,
  type MetricAggregate,
} from './event-aggregator.js'
export type * from './guard-model.js'
export type * from './vectors.js'
export type * from './admin-model.js'
export type * from './team-model.js'
export type * from './release-model.js'
export type * from './insights-model.js'
export { RELEASE_STATUSES, RELEASE_TRIGGERS, RELEASES_UNDER_WAY } from './release-model.js'
