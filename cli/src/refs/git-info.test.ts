import { describe, expect, it } from 'vitest'
import { repositoryName } from './git-info.js'

describe('repositoryName', () => {
  it.each([
    ['https://ci:token@github.com/acme/shop.git', 'github.com/acme/shop'],
    ['git@github.com:acme/shop.git', 'github.com/acme/shop'],
    ['ssh://git@gitlab.example.com:2222/team/app', 'gitlab.example.com:2222/team/app'],
    ['/srv/git/app.git/', '/srv/git/app'],
  ])('names %s as %s, without credentials', (remote, name) => {
    expect(repositoryName(remote)).toBe(name)
  })
})
