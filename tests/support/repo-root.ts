/** The repository's root folder, for tests that run its tools or read its files. */
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
