/**
 * `andon members list|add|set|sign-out|remove`: the people who sign in to the admin UI, their
 * roles per environment and admin, for an admin's token. A password is read from stdin
 * (`--password-stdin`), never from the command line, where `ps` and shell history would see it.
 */
import { Option, type Command } from 'commander'
import type { EnvironmentRole, MemberInfo, NewMemberInput, MemberPatch } from '@andon/core'
import type { Api } from '../api-client.js'
import { CliError } from '../cli-error.js'
import { utcMinute } from '../instant.js'
import { table } from '../table.js'
import { printer, type Context } from './flags.js'

/** One `--role` (or `--no-role`) as given: the environment and its role, `none` to take it. */
type RoleChange = [env: string, role: EnvironmentRole | 'none']

/**
 * `--role production=editor,development=viewer` (repeated or listed alike) into changes, in
 * order; `none` only where a role may be taken away (`set`).
 */
export function roleChangesOf(given: string, previous: RoleChange[] = [], none = true) {
  const changes = given.split(',').map((s): RoleChange => {
    const m = /^\s*([^=\s]+)\s*=\s*(\w+)\s*$/.exec(s)
    const role = m?.[2]
    if (m === null || !(role === 'viewer' || role === 'editor' || (none && role === 'none'))) {
      const roles = none ? 'viewer, editor or none' : 'viewer or editor'
      throw new CliError(`--role takes <environment>=<role> with a role of ${roles}, not ${s}`)
    }
    return [m[1] as string, role]
  })
  return [...previous, ...changes]
}

/** Roles after the changes: the later of two for one environment wins. */
export function mergeRoles(
  current: Record<string, EnvironmentRole>,
  changes: readonly RoleChange[],
): Record<string, EnvironmentRole> {
  const roles = { ...current }
  for (const [env, role] of changes) {
    if (role === 'none') delete roles[env]
    else roles[env] = role
  }
  return roles
}

const rolesText = (roles: Record<string, EnvironmentRole>) =>
  Object.entries(roles)
    .map(([env, role]) => `${env}:${role}`)
    .join(',')

/** How a member signs in, for the SSO column: `only` without a password; `roles` from the IdP. */
const ssoText = (m: MemberInfo) =>
  [...(m.hasPassword ? [] : ['only']), ...(m.managedBySso ? ['roles'] : [])].join(',')

function describe(m: MemberInfo): string[] {
  return [
    String(m.id),
    m.email,
    m.name,
    m.admin ? 'yes' : '',
    rolesText(m.roles),
    ssoText(m),
    m.lastSignInAt === null ? 'never' : utcMinute(m.lastSignInAt),
  ]
}

/** A sentence on what a member may do, for what `add` and `set` print. */
function summary(m: MemberInfo): string {
  const roles = Object.entries(m.roles).map(([env, role]) => `${role} in ${env}`)
  const may = [...(m.admin ? ['admin'] : []), ...roles]
  return `${may.length === 0 ? 'no role' : may.join(', ')}; ${
    m.hasPassword ? 'password' : 'single sign-on only'
  }`
}

/** stdin to its end, as a pipe or a redirected file gives it. */
export async function readProcessStdin(): Promise<string> {
  let text = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) text += String(chunk)
  return text
}

/** The password on stdin: its first line, as `printf '%s\n' "$PASSWORD" |` sends it. */
async function passwordOf(readStdin: () => Promise<string>): Promise<string> {
  const password = (await readStdin()).replace(/\r?\n$/, '')
  if (password === '') {
    throw new CliError('--password-stdin found no password on stdin: pipe it in (… | andon …)')
  }
  if (password.includes('\n')) throw new CliError('--password-stdin takes one line, not several')
  return password
}

const memberPath = (id: number) => `/members/${id}`

/** The member an argument names, by id or (whatever its case) by email. */
async function memberOf(api: Api, given: string): Promise<MemberInfo> {
  const { members } = (await api.get<{ members: MemberInfo[] }>('/members', 'listing members')).body
  const found = /^\d+$/.test(given)
    ? members.find((m) => m.id === Number(given))
    : members.find((m) => m.email.toLowerCase() === given.toLowerCase())
  if (found === undefined) throw new CliError(`no member ${given}: see andon members list`)
  return found
}

/** The id an argument names, without a look-up when it is one. */
const idOf = async (api: Api, given: string) =>
  /^\d+$/.test(given) ? Number(given) : (await memberOf(api, given)).id

const named = (id: number, given: string) =>
  given === String(id) ? `member ${id}` : `member ${id} (${given})`

interface RoleOptions {
  role?: RoleChange[]
}

export function memberCommands(
  program: Command,
  ctx: Context,
  readStdin: () => Promise<string> = readProcessStdin,
) {
  const members = program
    .command('members')
    .description('the people who sign in, their roles and admin (needs an admin token)')
  const print = printer(ctx)

  members
    .command('list')
    .description('members with their roles, how they sign in and when they last did')
    .action(async () => {
      const { body } = await ctx.api().get<{ members: MemberInfo[] }>('/members', 'listing members')
      const header = ['ID', 'EMAIL', 'NAME', 'ADMIN', 'ROLES', 'SSO', 'LAST SIGN-IN']
      const sso = body.members.some((m) => ssoText(m) !== '')
        ? '; SSO: only = no password, roles = set by the identity provider at each sign-in'
        : ''
      print(
        body.members.length === 0
          ? 'No members yet: add one with andon members add <email>.\n'
          : `${table([header, ...body.members.map(describe)])}(times in UTC${sso})\n`,
        body,
      )
    })

  members
    .command('add <email>')
    .description('add a member: with a password from stdin, or for single sign-on only')
    .option('--name <name>', 'the name to show (default: the email)')
    .option('--password-stdin', 'read the password (12 characters or more) from stdin')
    .option('--admin', 'make them an admin: members, tokens, environments and keys')
    .option(
      '--role <env=role...>',
      'a role in an environment, viewer or editor (several: repeat or comma)',
      (v: string, previous?: RoleChange[]) => roleChangesOf(v, previous, false),
    )
    .action(
      async (
        email: string,
        options: RoleOptions & { name?: string; passwordStdin?: true; admin?: true },
      ) => {
        const body: NewMemberInput = {
          email,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.passwordStdin ? { password: await passwordOf(readStdin) } : {}),
          ...(options.admin ? { admin: true } : {}),
          ...(options.role === undefined ? {} : { roles: mergeRoles({}, options.role) }),
        }
        const { body: added } = await ctx
          .api()
          .post<MemberInfo>('/members', `adding member ${email}`, body)
        print(`Added member ${added.id} ${added.email} (${summary(added)}).\n`, added)
      },
    )

  members
    .command('set <member>')
    .description("change a member's admin, roles, name or password, by email or id")
    .option('--admin', 'make them an admin')
    .option('--no-admin', 'make them no admin')
    .addOption(
      new Option(
        '--role <env=role...>',
        'give a role in an environment: viewer, editor, or none to take it (others stay)',
      ).argParser((v: string, previous?: RoleChange[]) => roleChangesOf(v, previous)),
    )
    // Commander files `--no-role` under `role` too: each one is a `<env>=none` among the rest.
    .addOption(
      new Option('--no-role <env...>', 'take the role in an environment away').argParser(
        (v: string, previous?: RoleChange[]) =>
          roleChangesOf(
            v
              .split(',')
              .map((env) => `${env}=none`)
              .join(','),
            previous,
          ),
      ),
    )
    .option('--name <name>', 'the name to show')
    .option('--password-stdin', 'a new password (12 characters or more), read from stdin')
    .action(
      async (
        given: string,
        options: RoleOptions & { admin?: boolean; name?: string; passwordStdin?: true },
      ) => {
        const api = ctx.api()
        const member = await memberOf(api, given)
        const patch: MemberPatch = {
          ...(options.admin === undefined ? {} : { admin: options.admin }),
          ...(options.role === undefined ? {} : { roles: mergeRoles(member.roles, options.role) }),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.passwordStdin ? { password: await passwordOf(readStdin) } : {}),
        }
        if (Object.keys(patch).length === 0) {
          throw new CliError(
            'nothing to set: give --admin, --no-admin, --role, --no-role, --name or --password-stdin',
          )
        }
        const { body: after } = await api.patch<MemberInfo>(
          memberPath(member.id),
          `changing ${named(member.id, given)}`,
          patch,
        )
        if (member.managedBySso && !after.managedBySso) {
          ctx.io.err(
            `${after.email}'s roles no longer follow the identity provider: they are set here now.\n`,
          )
        }
        print(`Changed member ${after.id} ${after.email} (${summary(after)}).\n`, after)
      },
    )

  members
    .command('sign-out <member>')
    .description('sign a member out everywhere (by email or id): every session of theirs ends')
    .action(async (given: string) => {
      const api = ctx.api()
      const id = await idOf(api, given)
      await api.delete(`${memberPath(id)}/sessions`, `signing out ${named(id, given)}`)
      print(`Signed out ${named(id, given)} everywhere, from their next request on.\n`, {
        id,
        signedOut: true,
      })
    })

  members
    .command('remove <member>')
    .description('remove a member (by email or id): their sessions and personal tokens stop')
    .action(async (given: string) => {
      const api = ctx.api()
      const id = await idOf(api, given)
      await api.delete(memberPath(id), `removing ${named(id, given)}`)
      print(`Removed ${named(id, given)}: their sessions ended.\n`, { id, removed: true })
    })
}
