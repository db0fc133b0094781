/**
 * `andon changes list|approve|reject|withdraw` as pipelines run them: the built bin against a
 * real server whose production requires approval, each token its own author or reviewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChangeRequestInfo, CreatedToken, Flag } from '@andon/core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon } from '../support/andon-cli.js'

let server: AndonServer
let admin: Record<string, string>
/** The pipeline that asks for changes, another that reviews them, and one that only reads. */
const bots = {} as Record<'author' | 'reviewer' | 'reader', CreatedToken>
const andon = (args: string[], token = admin.ANDON_TOKEN as string) =>
  runAndon(args, { ...admin, ANDON_TOKEN: token })

async function makeToken(name: string, scopes: string[]) {
  return server.admin<CreatedToken>('POST', '/api/v1/tokens', { name, type: 'service', scopes })
}

/** An edit of a flag in production by the author's token: a change request, not applied. */
async function requestChange(
  change: Record<string, unknown>,
  flag = 'checkout',
): Promise<ChangeRequestInfo> {
  const res = await fetch(`${server.url}/api/v1/flags/${flag}/environments/production`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${bots.author.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(change),
  })
  expect(res.status).toBe(202)
  return ((await res.json()) as { changeRequest: ChangeRequestInfo }).changeRequest
}

const requests = async () =>
  (
    await server.admin<{ changeRequests: ChangeRequestInfo[] }>(
      'GET',
      '/api/v1/environments/production/change-requests',
    )
  ).changeRequests
const requestNumbered = async (id: number) =>
  (await requests()).find((r) => r.id === id) as ChangeRequestInfo
const checkout = () => server.admin<Flag>('GET', '/api/v1/flags/checkout/environments/production')

beforeAll(async () => {
  server = await startAndonServer()
  admin = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin }
  await server.admin('POST', '/api/v1/flags', { key: 'checkout' })
  await server.admin('PATCH', '/api/v1/environments/production', { requireApproval: true })
  bots.author = await makeToken('author-bot', ['write:production'])
  bots.reviewer = await makeToken('reviewer-bot', ['write:production'])
  bots.reader = await makeToken('reader-bot', ['read'])
})
afterAll(() => server?.stop())

const utcMinute = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ')

describe('andon changes', () => {
  it('lists the open requests with their author and change', async () => {
    const empty = await andon(['changes', 'list', 'production'])
    expect(empty).toMatchObject({ code: 0, stdout: 'No change requests in production.\n' })

    const asked = await requestChange({ enabled: true, comment: 'launch' })
    const list = await andon(['changes', 'list', 'production', '--status', 'open'])
    expect(list).toMatchObject({ code: 0, stderr: '' })
    const [header, row, footer] = list.stdout.split('\n')
    expect(header).toMatch(/^ID\s+FLAG\s+STATUS\s+AUTHOR\s+CREATED\s+REVIEWER\s+CHANGE$/)
    expect(row?.split(/\s{2,}/)).toEqual([
      String(asked.id),
      'checkout',
      'open',
      `author-bot (token ${bots.author.id})`,
      utcMinute(asked.createdAt),
      '{"enabled":true,"comment":"launch"}',
    ])
    expect(footer).toBe('(times in UTC)')

    const json = await andon(['--json', 'changes', 'list', 'production'])
    expect(JSON.parse(json.stdout)).toEqual({ changeRequests: await requests() })
    const none = await andon(['changes', 'list', 'production', '--status', 'applied'])
    expect(none.stdout).toBe('No applied change requests in production.\n')
  })

  it('refuses the author approving their own request, and says who may', async () => {
    const [open] = await requests()
    const own = await andon(
      ['changes', 'approve', 'production', String(open?.id)],
      bots.author.token,
    )
    expect(own).toMatchObject({ code: 1, stdout: '' })
    expect(own.stderr).toBe(
      `andon: approving change request ${open?.id} in production was refused: author-bot (token ${bots.author.id}) asked for it, ` +
        'and a change needs a second pair of eyes: another editor of production (or a token with write:production that did not ask) approves it\n',
    )
    const reader = await andon(
      ['changes', 'approve', 'production', String(open?.id)],
      bots.reader.token,
    )
    expect(reader).toMatchObject({ code: 1, stdout: '' })
    expect(reader.stderr).toMatch(
      /^andon: this token may not do that: .*editor.*production.*\(a token needs the scope write:production\)\n$/,
    )
    expect((await requestNumbered(open?.id as number)).status).toBe('open')
    expect((await checkout()).enabled).toBe(false)
  })

  it("applies another token's approval at once, and refuses a second decision", async () => {
    const [open] = await requests()
    const id = open?.id as number
    const approved = await andon(
      ['changes', 'approve', 'production', `#${id}`],
      bots.reviewer.token,
    )
    expect(approved).toMatchObject({ code: 0, stderr: '' })
    expect(approved.stdout).toBe(
      `Approved change request ${id} in production: checkout changed ({"enabled":true,"comment":"launch"}).\n`,
    )
    expect((await checkout()).enabled).toBe(true)
    expect(await requestNumbered(id)).toMatchObject({
      status: 'applied',
      reviewer: { kind: 'token', id: String(bots.reviewer.id), name: 'reviewer-bot' },
    })

    const again = await andon(['changes', 'reject', 'production', String(id)], bots.reviewer.token)
    expect(again).toMatchObject({ code: 1, stdout: '' })
    expect(again.stderr).toBe(
      `andon: rejecting change request ${id} in production failed: change request ${id} is applied already\n`,
    )
    const list = await andon(['changes', 'list', 'production', '--status', 'applied'])
    expect(list.stdout.split('\n')[1]?.split(/\s{2,}/)[5]).toBe(
      `reviewer-bot (token ${bots.reviewer.id})`,
    )
  })

  it('rejects with a reason, which the list shows under the table', async () => {
    const asked = await requestChange({ enabled: false, offVariation: 0 })
    const rejected = await andon(
      ['--json', 'changes', 'reject', 'production', String(asked.id), '--reason', 'not this week'],
      bots.reviewer.token,
    )
    expect(rejected.code).toBe(0)
    expect(JSON.parse(rejected.stdout)).toMatchObject({
      changeRequest: { id: asked.id, status: 'rejected', reason: 'not this week' },
    })
    const list = await andon(['changes', 'list', 'production', '--status', 'rejected'])
    expect(list.stdout).toMatch(
      new RegExp(`\\(times in UTC\\)\\n#${asked.id} rejected: not this week\\n$`),
    )
  })

  it('lets the author withdraw, and no other token that is no admin', async () => {
    const asked = await requestChange({ enabled: true, comment: 'again' })
    const other = await andon(
      ['changes', 'withdraw', 'production', String(asked.id)],
      bots.reviewer.token,
    )
    expect(other).toMatchObject({ code: 1, stdout: '' })
    expect(other.stderr).toBe(
      'andon: this token may not do that: only its author or an admin may withdraw a change request\n',
    )
    const withdrawn = await andon(
      ['changes', 'withdraw', 'production', String(asked.id)],
      bots.author.token,
    )
    expect(withdrawn).toMatchObject({
      code: 0,
      stdout: `Withdrew change request ${asked.id} in production.\n`,
      stderr: '',
    })
    expect((await requestNumbered(asked.id)).status).toBe('withdrawn')
  })

  it('reports an approval that can no longer apply, and lists why it failed', async () => {
    await server.admin('POST', '/api/v1/flags', { key: 'banner' })
    const asked = await requestChange({ enabled: true }, 'banner')
    await server.admin('DELETE', '/api/v1/flags/banner')
    const approved = await andon(
      ['changes', 'approve', 'production', String(asked.id)],
      bots.reviewer.token,
    )
    expect(approved).toMatchObject({ code: 1, stdout: '' })
    const failed = await requestNumbered(asked.id)
    expect(failed).toMatchObject({ status: 'failed', reason: 'flag banner not found' })
    expect(approved.stderr).toBe(
      `andon: approving change request ${asked.id} in production failed: flag banner not found; ` +
        'the request is closed as failed, ask for the change again\n',
    )
    const list = await andon(['changes', 'list', 'production', '--status', 'failed'])
    expect(list.stdout).toContain(`\n#${asked.id} failed: ${failed.reason}\n`)
  })

  it('says what is wrong with an id, a status or an environment', async () => {
    const cases: [string[], RegExp][] = [
      [['approve', 'production', 'abc'], /a change request's id is a number .*, not abc/],
      [
        ['approve', 'production', '999'],
        /^andon: approving change request 999 in production: change request 999 not found\n$/,
      ],
      [['reject', 'nowhere', '1'], /rejecting change request 1 in nowhere: environment not found/],
      [['list', 'nowhere'], /^andon: environment nowhere: environment not found\n$/],
      [
        ['list', 'production', '--status', 'pending'],
        /Allowed choices are open, applied, rejected/,
      ],
    ]
    for (const [args, error] of cases) {
      const out = await andon(['changes', ...args])
      expect(out, args.join(' ')).toMatchObject({ code: 1, stdout: '' })
      expect(out.stderr, args.join(' ')).toMatch(error)
    }
  })
})

describe('andon flags set in an environment that requires approval', () => {
  it('says a change request was opened, and how to approve it, instead of failing', async () => {
    const set = await andon(
      ['flags', 'set', 'checkout', '--env', 'production', '--rollout', '30'],
      bots.author.token,
    )
    expect(set.code).toBe(0)
    const opened = (await requests())[0] as ChangeRequestInfo
    expect(opened).toMatchObject({ status: 'open', author: { name: 'author-bot' } })
    expect(set.stdout).toBe(
      `checkout in production: change request ${opened.id} opened; it applies once another editor approves it (andon changes approve production ${opened.id})\n`,
    )
    expect(set.stderr).toBe('')
  })
})
