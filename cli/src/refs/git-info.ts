/**
 * The repository and commit of a scanned folder, from git, for `andon refs scan --upload`: the
 * `origin` remote without credentials or `.git` (else the top folder's name), and HEAD.
 */
import { execFileSync } from 'node:child_process'
import { basename } from 'node:path'

function git(dir: string, args: string[]): string | undefined {
  try {
    return (
      execFileSync('git', ['-C', dir, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    )
  } catch {
    return undefined
  }
}

/** `https://user:token@github.com/acme/shop.git` and `git@github.com:acme/shop.git` → `github.com/acme/shop`. */
export function repositoryName(remote: string): string {
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(remote)
  let name = scp ? `${scp[1]}/${scp[2]}` : remote
  try {
    if (!scp) {
      const url = new URL(remote)
      name = `${url.host}${url.pathname}`
    }
  } catch {
    // not a URL: a local path, kept as it is
  }
  return name.replace(/\/+$/, '').replace(/\.git$/, '')
}

export function gitInfo(dir: string): { repository?: string; commit?: string } {
  const remote = git(dir, ['remote', 'get-url', 'origin'])
  const top = git(dir, ['rev-parse', '--show-toplevel'])
  return {
    repository:
      remote !== undefined ? repositoryName(remote) : top !== undefined ? basename(top) : undefined,
    commit: git(dir, ['rev-parse', 'HEAD']),
  }
}
