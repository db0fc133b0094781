/**
 * Servers a provider cannot get data from, for the suite's `not ready`, `error` and `stale`
 * providers: one that accepts connections and never answers (initialization still under
 * way), and the address of a port that refuses them (the server is down).
 */
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface Unreachable {
  /** Accepts and never answers. */
  silentUrl: string
  /** Refuses connections. */
  downUrl: string
  close(): Promise<void>
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, () => resolve((server.address() as AddressInfo).port)),
  )
}

export async function startUnreachable(host = '127.0.0.1'): Promise<Unreachable> {
  const sockets = new Set<Socket>()
  const silent = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const down = createServer()
  const [silentPort, downPort] = await Promise.all([listening(silent), listening(down)])
  await new Promise<void>((resolve) => down.close(() => resolve())) // the port now refuses
  return {
    silentUrl: `http://${host}:${silentPort}`,
    downUrl: `http://${host}:${downPort}`,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    },
  }
}
