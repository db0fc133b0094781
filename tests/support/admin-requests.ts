/** Requests to a running server's admin API and its /metrics, for the tests that drive it. */

export interface AdminRequests {
  /** A JSON request with the admin token: the status and body, whatever the status. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>
  /** A JSON request with the admin token that must succeed: its body; throws unless 2xx. */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
  /** The value of one un-labelled gauge or counter of /metrics. */
  metric(name: string): Promise<number>
  /**
   * The metric once it equals `expected`, or its last value after 5 s: the server sees a
   * client's close a moment after the client made it.
   */
  metricSettled(name: string, expected: number): Promise<number>
}

export function createAdminRequests(url: string, adminToken: string): AdminRequests {
  async function request(method: string, path: string, body?: unknown) {
    const res = await fetch(url + path, {
      method,
      headers: {
        Authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { res, text, json: text === '' ? undefined : JSON.parse(text) }
  }
  async function metric(name: string) {
    const text = await (await fetch(`${url}/metrics`)).text()
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
    if (m === null) throw new Error(`no metric ${name}`)
    return Number(m[1])
  }
  return {
    async call(method, path, body) {
      const { res, json } = await request(method, path, body)
      return { status: res.status, json }
    },
    async admin<T>(method: string, path: string, body?: unknown) {
      const { res, text, json } = await request(method, path, body)
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
      return json as T
    },
    metric,
    async metricSettled(name, expected) {
      let value = await metric(name)
      for (let i = 0; i < 100 && value !== expected; i++) {
        await new Promise((r) => setTimeout(r, 50))
        value = await metric(name)
      }
      return value
    },
  }
}
