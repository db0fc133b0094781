import { describe, expect, it } from 'vitest'
import { rolesFromGroups, type RoleMapping } from './roles-from-groups.js'

const mapping: RoleMapping = new Map([
  ['platform', [{ role: 'admin' }]],
  [
    'release-managers',
    [
      { role: 'editor', environment: 'production' },
      { role: 'editor', environment: 'development' },
    ],
  ],
  ['everyone', [{ role: 'viewer', environment: 'production' }]],
  ['qa', [{ role: 'viewer', environment: 'staging' }]],
])

describe('rolesFromGroups', () => {
  it('gives nothing to a person in no mapped group', () => {
    expect(rolesFromGroups(['contractors', 'constructor', '__proto__'], mapping)).toEqual({
      admin: false,
      roles: {},
    })
  })

  it('makes an admin of a member of an admin group', () => {
    expect(rolesFromGroups(['platform'], mapping)).toEqual({ admin: true, roles: {} })
  })

  it('joins the roles of every group, an editor beating a viewer in either order', () => {
    const expected = {
      admin: false,
      roles: { production: 'editor', development: 'editor', staging: 'viewer' },
    }
    expect(rolesFromGroups(['everyone', 'release-managers', 'qa'], mapping)).toEqual(expected)
    expect(rolesFromGroups(['qa', 'release-managers', 'everyone'], mapping)).toEqual(expected)
  })
})
