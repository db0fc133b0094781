/**
 * The sign-in form's fields as the credentials `POST /api/v1/session` takes: an email and a
 * password, or an admin token (the first admin's). One form with one Sign in button offers
 * both, so the token needs no second button; what was filled in says which is meant.
 */
import type { Credentials } from './session-api.js'

export interface SignInFields {
  email: string
  password: string
  token: string
}

/** The credentials to send, or the sentence of what is missing. */
export function credentialsOf(
  fields: SignInFields,
  passwordOffered: boolean,
): Credentials | string {
  const token = fields.token.trim()
  const email = fields.email.trim()
  const withPassword = passwordOffered && (email !== '' || fields.password !== '')
  if (token !== '' && withPassword) {
    return 'Fill in your email and password, or an admin token: not both.'
  }
  if (token !== '') return { token }
  if (!passwordOffered) return 'Enter an admin token.'
  if (email === '' || fields.password === '') {
    return 'Enter your email and password, or an admin token.'
  }
  return { email, password: fields.password }
}
