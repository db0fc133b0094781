/**
 * The TanStack QueryClient of one signed-in session. A request the server refused (4xx) is
 * not asked again by itself: it would be refused again, and the page should say so at once.
 */
import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api-error.js'

const refused = (error: unknown) =>
  error instanceof ApiError && error.status >= 400 && error.status < 500

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => !refused(error) && failures < 2,
        // Pages that mount together share one request; the stream marks what it changes stale.
        staleTime: 1000,
      },
      mutations: { retry: false },
    },
  })
}
