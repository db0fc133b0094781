import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SignInForm } from './SignInForm.js'

const render = (passwordOffered: boolean) =>
  renderToStaticMarkup(
    <SignInForm passwordOffered={passwordOffered} onSignIn={async () => undefined} />,
  )

describe('SignInForm', () => {
  it('offers email and password and the admin token under one Sign in button', () => {
    const html = render(true)
    expect(html).toContain('<label for="sign-in-email">Email</label>')
    expect(html).toContain('<label for="sign-in-password">Password</label>')
    expect(html).toContain('<label for="admin-token">Admin token</label>')
    expect(html.match(/<button/g)).toHaveLength(1)
    expect(html).toContain('>Sign in</button>')
  })

  it('offers only the token when the server has no password sign-in', () => {
    const html = render(false)
    expect(html).not.toContain('sign-in-email')
    expect(html).toContain('id="admin-token"')
  })
})
