import { describe, expect, it } from 'vitest'
import { CliError } from '../cli-error.js'
import { scopesOf } from './tokens.js'

describe('--scope', () => {
  it('takes repeats and commas, each scope once', () => {
    expect(scopesOf(['read,kill', 'write:production', 'read'])).toEqual([
      'read',
      'kill',
      'write:production',
    ])
  })

  it('refuses what is no scope', () => {
    for (const given of [['write'], ['write:'], ['Read'], ['read,']]) {
      expect(() => scopesOf(given)).toThrow(CliError)
    }
  })
})
