/**
 * What a signed-in session holds for every page: the admin API client, the live environments
 * (whose stream changes invalidate the queries they concern) and the query cache.
 */
import type { QueryClient } from '@tanstack/react-query'
import { createApiClient } from './api-client.js'
import { createAndonApi, type AndonApi } from './andon-api.js'
import { createLiveRegistry, type LiveRegistry } from './live-registry.js'
import { staleQueries } from './live-invalidation.js'
import { createQueryClient } from './query-client.js'
import { followStream } from './stream-reader.js'

export interface Session {
  api: AndonApi
  live: LiveRegistry
  queryClient: QueryClient
  signOut(): void
}

export function createSession(options: {
  token: string
  /** The server refused the token (revoked meanwhile, or the server was reset). */
  onRefused(): void
  onSignOut(): void
}): Session {
  const queryClient = createQueryClient()
  const live = createLiveRegistry({
    token: options.token,
    follow: followStream,
    onUnauthorized: options.onRefused,
    onStreamChange: (env, before, after) => {
      for (const queryKey of staleQueries(env, before, after)) {
        void queryClient.invalidateQueries({ queryKey })
      }
    },
  })
  return {
    api: createAndonApi(
      createApiClient({ token: options.token, onUnauthorized: options.onRefused }),
    ),
    live,
    queryClient,
    signOut() {
      queryClient.clear()
      options.onSignOut()
    },
  }
}
