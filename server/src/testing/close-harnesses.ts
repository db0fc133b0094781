// vitest setup: PostgreSQL harnesses hold connections and a schema; they end with their test,
// or with their file when a `beforeAll` made them.
import { afterAll, afterEach } from 'vitest'
import { closeHarnesses } from './open-harnesses.js'

afterEach(() => closeHarnesses('each'))
afterAll(() => closeHarnesses('all'))
