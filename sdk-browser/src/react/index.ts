/**
 * @andon/sdk-browser/react: React bindings. A component re-renders only when a flag it reads
 * changes; importing touches no `window`, so server rendering serves the bootstrap or defaults.
 */
export { AndonProvider, type AndonProviderProps } from './AndonProvider.js'
export { useFlag } from './useFlag.js'
export { useVariation } from './useVariation.js'
export { useVariationDetail } from './useVariationDetail.js'
export { useAndonStatus } from './useAndonStatus.js'
export { useAndonClient } from './useAndonClient.js'
export { useTrack } from './useTrack.js'
