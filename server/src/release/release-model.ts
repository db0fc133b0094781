/** Release plans as the API answers them: the types live in core, shared with the UI and CLI. */
export type { ReleaseControl, ReleaseEvent, ReleaseInfo } from '@andon/core'
