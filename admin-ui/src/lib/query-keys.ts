/**
 * The keys of the admin UI's TanStack queries, in one place: the stream's invalidations
 * (lib/live-invalidation.ts) and the mutations name the same data as the queries that load it.
 */
export const queryKeys = {
  environments: ['environments'] as const,
  flags: ['flags'] as const,
  keys: (env: string) => ['keys', env] as const,
  segments: (env: string) => ['segments', env] as const,
  segment: (env: string, key: string) => ['segment', env, key] as const,
  flagConfig: (flag: string, env: string) => ['flag-config', flag, env] as const,
  guards: (flag: string, env: string) => ['guards', flag, env] as const,
  release: (flag: string, env: string) => ['release', flag, env] as const,
  releaseTemplates: ['release-templates'] as const,
  members: ['members'] as const,
  tokens: ['tokens'] as const,
  /** One environment's change requests. */
  changeRequestsOf: (env: string) => ['change-requests', env] as const,
  /** Every audit query: the log page's and those that read why flags were switched off. */
  audit: ['audit'] as const,
  auditLogs: ['audit', 'log'] as const,
  auditLog: (flag: string, environment: string) => ['audit', 'log', flag, environment] as const,
  /** Audit entries read for the reason a flag is off; `scope` is 'all' or `flag/env`. */
  offReasons: ['audit', 'off'] as const,
  offReasonsOf: (scope: string) => ['audit', 'off', scope] as const,
}
