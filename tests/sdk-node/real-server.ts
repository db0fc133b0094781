/**
 * The shared server helper (tests/support/andon-server.ts) under the names that
 * tests/bench/sdk-node.ts imports from here; tests use that module directly.
 */
import { createServer } from 'node:net'
import { startAndonServer } from '../support/andon-server.js'

export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise((resolve) => s.close(resolve))
  return port
}

export async function startServer(dataDir: string, port: number) {
  const server = await startAndonServer({ dataDir, port })
  return { ...server, keys: server.secrets.keys, kill: server.stop }
}
