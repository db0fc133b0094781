/**
 * `andon members list|add|set|sign-out|remove` as an operator runs them: the built bin against a
 * real server, the password piped in on stdin, and each change seen by signing in with it.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemberInfo } from '@andon/core'
import { startAndonServer, type AndonServer } from '../support/andon-server.js'
import { runAndon, type CliOutcome } from '../support/andon-cli.js'
import { repoRoot } from '../support/repo-root.js'

let server: AndonServer
let admin: Record<string, string>
const andon = (args: string[], token = admin.ANDON_TOKEN as string) =>
  runAndon(args, { ...admin, ANDON_TOKEN: token })

/** `printf … | andon …args`: the bin with `input` on its stdin, then stdin closed. */
function andonPiped(args: string[], input: string): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'cli', 'bin', 'andon.js'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...admin } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    )
    child.stdin?.end(input)
  })
}

beforeAll(async () => {
  server = await startAndonServer()
  admin = { ANDON_URL: server.url, ANDON_TOKEN: server.secrets.admin }
})
afterAll(() => server?.stop())

const members = async () =>
  (await server.admin<{ members: MemberInfo[] }>('GET', '/api/v1/members')).members
const memberNamed = async (email: string) =>
  (await members()).find((m) => m.email === email) as MemberInfo

/** Signs in as a person does: the session cookie, or the status when refused. */
async function signIn(email: string, password: string) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' }
}
const sessionStatus = async (cookie: string) =>
  (await fetch(`${server.url}/api/v1/session`, { headers: { cookie } })).status

const utcMinute = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ')
const columns = (text: string, email: string) =>
  text
    .split('\n')
    .find((l) => l.split(/\s+/)[1] === email)
    ?.trim()
    .split(/\s{2,}/)

describe('andon members', () => {
  it('adds a member with a password read from stdin, who can then sign in', async () => {
    const added = await andonPiped(
      [
        'members',
        'add',
        'alice@example.com',
        '--name',
        'Alice',
        '--password-stdin',
        '--role',
        'production=editor',
        '--role',
        'development=viewer',
      ],
      'correct horse battery\n',
    )
    expect(added).toMatchObject({ code: 0, stderr: '' })
    const alice = await memberNamed('alice@example.com')
    expect(added.stdout).toBe(
      `Added member ${alice.id} alice@example.com (editor in production, viewer in development; password).\n`,
    )
    expect(alice).toMatchObject({
      name: 'Alice',
      admin: false,
      roles: { production: 'editor', development: 'viewer' },
      hasPassword: true,
    })
    // The password is the line piped in, without its newline.
    expect((await signIn('alice@example.com', 'correct horse battery')).status).toBe(201)
    expect((await signIn('alice@example.com', 'correct horse battery\n')).status).toBe(401)
  })

  it('adds an admin for single sign-on only, and gives the answer with --json', async () => {
    const added = await andon(['--json', 'members', 'add', 'Carol@Example.com', '--admin'])
    expect(added.code).toBe(0)
    const carol = JSON.parse(added.stdout) as MemberInfo
    expect(carol).toMatchObject({
      email: 'carol@example.com',
      // The email is kept in lower case; the name as typed.
      name: 'Carol@Example.com',
      admin: true,
      roles: {},
      hasPassword: false,
      lastSignInAt: null,
    })
    expect(await memberNamed('carol@example.com')).toEqual(carol)
  })

  it('lists members with roles, how they sign in and their last sign-in', async () => {
    const list = await andon(['members', 'list'])
    expect(list).toMatchObject({ code: 0, stderr: '' })
    expect(list.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+ADMIN\s+ROLES\s+SSO\s+LAST SIGN-IN\n/)
    const alice = await memberNamed('alice@example.com')
    const carol = await memberNamed('carol@example.com')
    expect(columns(list.stdout, 'alice@example.com')).toEqual([
      String(alice.id),
      'alice@example.com',
      'Alice',
      'production:editor,development:viewer',
      utcMinute(alice.lastSignInAt as number),
    ])
    expect(columns(list.stdout, 'carol@example.com')).toEqual([
      String(carol.id),
      'carol@example.com',
      'Carol@Example.com',
      'yes',
      'only',
      'never',
    ])
    expect(list.stdout).toMatch(/\(times in UTC; SSO: only = no password, .*\)\n$/)

    const json = JSON.parse((await andon(['--json', 'members', 'list'])).stdout)
    expect(json).toEqual({ members: await members() })
  })

  it('merges roles with the current ones, takes one away, and sets admin', async () => {
    const alice = await memberNamed('alice@example.com')
    const set = await andon(['members', 'set', 'ALICE@example.com', '--role', 'development=editor'])
    expect(set).toMatchObject({ code: 0, stderr: '' })
    expect(set.stdout).toBe(
      `Changed member ${alice.id} alice@example.com (editor in production, editor in development; password).\n`,
    )
    expect((await memberNamed('alice@example.com')).roles).toEqual({
      production: 'editor',
      development: 'editor',
    })

    expect(
      (await andon(['members', 'set', String(alice.id), '--no-role', 'production', '--admin']))
        .code,
    ).toBe(0)
    expect(await memberNamed('alice@example.com')).toMatchObject({
      admin: true,
      roles: { development: 'editor' },
    })

    const none = await andon([
      'members',
      'set',
      'alice@example.com',
      '--role',
      'development=none,production=viewer',
      '--no-admin',
    ])
    expect(none.stdout).toMatch(/\(viewer in production; password\)/)
    expect(await memberNamed('alice@example.com')).toMatchObject({
      admin: false,
      roles: { production: 'viewer' },
    })
  })

  it('sets a new password from stdin: the old one is refused from then on', async () => {
    const set = await andonPiped(
      ['members', 'set', 'alice@example.com', '--password-stdin'],
      'a much longer passphrase',
    )
    expect(set.code).toBe(0)
    expect((await signIn('alice@example.com', 'correct horse battery')).status).toBe(401)
    expect((await signIn('alice@example.com', 'a much longer passphrase')).status).toBe(201)
  })

  it('signs a member out everywhere: their session is refused on its next request', async () => {
    const { cookie } = await signIn('alice@example.com', 'a much longer passphrase')
    expect(await sessionStatus(cookie)).toBe(200)
    const alice = await memberNamed('alice@example.com')
    const out = await andon(['members', 'sign-out', 'alice@example.com'])
    expect(out).toMatchObject({ code: 0, stderr: '' })
    expect(out.stdout).toBe(
      `Signed out member ${alice.id} (alice@example.com) everywhere, from their next request on.\n`,
    )
    expect(await sessionStatus(cookie)).toBe(401)
    // Signed out is not locked out.
    expect((await signIn('alice@example.com', 'a much longer passphrase')).status).toBe(201)
  })

  it('removes a member by email: their session ends and they can not sign in', async () => {
    await andonPiped(
      ['members', 'add', 'dave@example.com', '--password-stdin'],
      'dave passphrase 1\n',
    )
    const { cookie } = await signIn('dave@example.com', 'dave passphrase 1')
    const dave = await memberNamed('dave@example.com')
    const removed = await andon(['members', 'remove', 'dave@example.com'])
    expect(removed).toMatchObject({ code: 0, stderr: '' })
    expect(removed.stdout).toBe(
      `Removed member ${dave.id} (dave@example.com): their sessions ended.\n`,
    )
    expect(await memberNamed('dave@example.com')).toBeUndefined()
    expect(await sessionStatus(cookie)).toBe(401)
    expect((await signIn('dave@example.com', 'dave passphrase 1')).status).toBe(401)

    const again = await andon(['members', 'remove', 'dave@example.com'])
    expect(again).toMatchObject({ code: 1, stdout: '' })
    expect(again.stderr).toBe('andon: no member dave@example.com: see andon members list\n')
    const byId = await andon(['members', 'sign-out', String(dave.id)])
    expect(byId.stderr).toBe(`andon: signing out member ${dave.id}: member ${dave.id} not found\n`)
  })

  it('refuses a token that is no admin, naming the scope it lacks', async () => {
    const secret = (
      await andon(['tokens', 'create', 'editor-bot', '--scope', 'write:production'])
    ).stdout.trim()
    for (const args of [
      ['members', 'list'],
      ['members', 'add', 'eve@example.com'],
    ]) {
      const out = await andon(args, secret)
      expect(out).toMatchObject({ code: 1, stdout: '' })
      expect(out.stderr).toMatch(
        /^andon: this token may not do that: .*admin.*\(a token needs the scope admin\)\n$/,
      )
    }
    expect(await memberNamed('eve@example.com')).toBeUndefined()
  })

  it('says what is wrong with a role, a password or an email, before or from the server', async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['add', 'x@example.com', '--role', 'production=owner'],
        undefined,
        /--role takes <environment>=<role> with a role of viewer or editor, not production=owner/,
      ],
      [
        ['add', 'x@example.com', '--role', 'production=none'],
        undefined,
        /with a role of viewer or editor, not production=none/,
      ],
      [
        ['add', 'x@example.com', '--role', 'staging=editor'],
        undefined,
        /adding member x@example.com was refused: roles\.staging: no environment staging/,
      ],
      [
        ['add', 'x@example.com', '--password-stdin'],
        'too short\n',
        /adding member x@example.com was refused: password: must be at least 12 characters/,
      ],
      [['add', 'x@example.com', '--password-stdin'], '', /found no password on stdin/],
      [['add', 'not-an-email'], undefined, /adding member not-an-email was refused: email: /],
      [['add', 'alice@example.com'], undefined, /adding member alice@example.com failed: .+/],
      [['set', 'alice@example.com'], undefined, /nothing to set: give --admin/],
      [['set', 'nobody@example.com', '--admin'], undefined, /no member nobody@example.com/],
    ]
    for (const [args, input, error] of cases) {
      const out =
        input === undefined
          ? await andon(['members', ...args])
          : await andonPiped(['members', ...args], input)
      expect(out, args.join(' ')).toMatchObject({ code: 1, stdout: '' })
      expect(out.stderr, args.join(' ')).toMatch(error)
    }
    expect(await memberNamed('x@example.com')).toBeUndefined()
    expect((await members()).length).toBe(2)
  })
})
