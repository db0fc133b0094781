/**
 * What a signed-in session holds for every page: who is signed in, the admin API client (the
 * cookie, and the CSRF token on every write), the live environments (whose stream changes
 * invalidate the queries they concern) and the query cache.
 */
import type { SessionActor, SessionInfo } from '@andon/core'
import type { QueryClient } from '@tanstack/react-query'
import { createApiClient, type FetchLike } from './api-client.js'
import { createAndonApi, type AndonApi } from './andon-api.js'
import { createLiveRegistry, type LiveRegistry } from './live-registry.js'
import { staleQueries } from './live-invalidation.js'
import { createQueryClient } from './query-client.js'
import { followStream, type StreamOptions } from './stream-reader.js'

export interface Session {
  me: SessionActor
  api: AndonApi
  live: LiveRegistry
  queryClient: QueryClient
  /** Ends the session on the server, then here (here even when the server is away). */
  signOut(): Promise<void>
}

export function createSession(options: {
  info: SessionInfo
  /** The server no longer accepts the session (expired, ended by an admin, member removed). */
  onEnded(): void
  onSignOut(): void
  fetch?: FetchLike
  follow?: (options: StreamOptions) => () => void
}): Session {
  const queryClient = createQueryClient()
  let over = false
  /** Leaves the session once: later 401s of requests still under way change nothing. */
  function leave(then: () => void) {
    if (over) return
    over = true
    live.close()
    queryClient.clear()
    then()
  }
  const live = createLiveRegistry({
    follow: options.follow ?? followStream,
    onUnauthorized: () => leave(options.onEnded),
    onStreamChange: (env, before, after) => {
      for (const queryKey of staleQueries(env, before, after)) {
        void queryClient.invalidateQueries({ queryKey })
      }
    },
  })
  const api = createAndonApi(
    createApiClient({
      csrfToken: () => options.info.csrfToken,
      fetch: options.fetch,
      onUnauthorized: () => leave(options.onEnded),
    }),
  )
  return {
    me: options.info.me,
    api,
    live,
    queryClient,
    async signOut() {
      live.close()
      try {
        await api.session.signOut()
      } catch {
        // Gone already (401) or the server is away: the page forgets the session either way.
      }
      leave(options.onSignOut)
    },
  }
}
