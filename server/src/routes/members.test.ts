import { beforeEach, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { addMember, signIn } from '../testing/session-client.js'

let h: Harness

beforeEach(async () => {
  h = await createHarness()
})

describe('members', () => {
  it('are added, listed without their password, changed and removed by admins', async () => {
    const res = await h.call('POST', '/api/v1/members', {
      body: {
        email: 'Grace@Example.com',
        name: 'Grace',
        password: 'a long passphrase',
        roles: { production: 'editor', development: 'viewer' },
      },
    })
    expect(res.status).toBe(201)
    expect(res.json).toEqual({
      id: expect.any(Number),
      email: 'grace@example.com',
      name: 'Grace',
      admin: false,
      roles: { production: 'editor', development: 'viewer' },
      hasPassword: true,
      managedBySso: false,
      createdAt: h.clock.now,
      lastSignInAt: null,
    })
    const listed = await h.call('GET', '/api/v1/members')
    expect(listed.json.members).toHaveLength(1)
    expect(listed.text).not.toContain('scrypt')
    const id = res.json.id as number
    const made = await h.call('PATCH', `/api/v1/members/${id}`, { body: { admin: true } })
    expect(made.json.admin).toBe(true)
    const audit = await h.call('GET', '/api/v1/audit')
    expect(audit.json.entries[0]).toMatchObject({ action: 'member.update', actor: 'admin' })
    expect(audit.text).not.toContain('scrypt')
    expect((await h.call('DELETE', `/api/v1/members/${id}`)).status).toBe(204)
    expect((await h.call('DELETE', `/api/v1/members/${id}`)).status).toBe(404)
  })

  it('refuse bad bodies with their issues, a taken email with 409, unknown environments', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ email: 'not an email' }, ['email']],
      [{ email: 'a@example.com', password: 'short' }, ['password']],
      [{ email: 'a@example.com', roles: { production: 'owner' } }, ['roles', 'production']],
      [{ email: 'a@example.com', roles: { staging: 'editor' } }, ['roles', 'staging']],
      [{ email: 'a@example.com', extra: 1 }, []],
    ]
    for (const [body, path] of cases) {
      const res = await h.call('POST', '/api/v1/members', { body })
      expect(res.status, JSON.stringify(body)).toBe(422)
      expect(res.json.issues[0].path, JSON.stringify(body)).toEqual(path)
    }
    await addMember(h, { email: 'a@example.com' })
    const taken = await h.call('POST', '/api/v1/members', { body: { email: 'A@example.com' } })
    expect(taken.status).toBe(409)
    expect((await h.call('PATCH', '/api/v1/members/999', { body: { admin: true } })).status).toBe(
      404,
    )
  })

  it('are for admins only: a member who is none gets 403 saying so', async () => {
    await addMember(h, {
      email: 'ed@example.com',
      password: 'a long passphrase',
      roles: { production: 'editor' },
    })
    const ed = await signIn(h, { email: 'ed@example.com', password: 'a long passphrase' })
    const res = await ed.call('GET', '/api/v1/members')
    expect(res.status).toBe(403)
    expect(res.json).toEqual({ error: 'needs the admin role', needs: { role: 'admin' } })
    expect(
      (await ed.call('POST', '/api/v1/members', { body: { email: 'x@example.com' } })).status,
    ).toBe(403)
  })

  it('who have no password can not sign in with one', async () => {
    await addMember(h, { email: 'sso@example.com' })
    const s = await signIn(h, { email: 'sso@example.com', password: 'anything at all' })
    expect(s.status).toBe(401)
  })
})
