/**
 * The shared server helper (tests/support/andon-server.ts) under the names that tests/bench
 * imports from here; tests use that module directly.
 */
import { startAndonServer, type AndonServer, type Secrets } from '../support/andon-server.js'

export type ServerProcess = AndonServer

/** `built` stays for the benchmarks' calls: every start runs the build in server/dist. */
export function startServer(
  dataDir: string,
  secrets?: Secrets,
  options: { built?: boolean; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  return startAndonServer({ dataDir, secrets, env: options.env })
}
