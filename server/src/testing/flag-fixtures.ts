/** Flags as the store's tests create them. */
import type { NewFlag } from '@andon/core'

/** A boolean flag with nothing but its key: off-variation `false`, server-side, no tags. */
export const booleanFlag = (key: string): NewFlag => ({
  key,
  name: key,
  description: '',
  variations: [false, true],
  clientSide: false,
  tags: [],
})
