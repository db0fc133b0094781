/**
 * Errors of the admin API as values the UI can show: the status, a sentence, and for a 422 the
 * validation issues with their paths, so that each message lands at the field it concerns.
 */
import type { ApiIssue, ErrorAnswer } from '@andon/core'
import { needsOf, needsSentence } from './refusal.js'

export type IssuePath = ApiIssue['path']

export type Issue = ApiIssue

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/**
 * The server's error body, or undefined for one that is not JSON of that shape (a proxy's
 * page): then the status alone says what went wrong.
 */
function errorAnswerOf(body: unknown): ErrorAnswer | undefined {
  const isAnswer =
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<ErrorAnswer>).error === 'string'
  return isAnswer ? (body as ErrorAnswer) : undefined
}

const STATUS_SENTENCES: Record<number, string> = {
  401: 'Your session ended: sign in again.',
  404: 'Not found: it may have been archived or deleted.',
  412: 'Someone else changed this while you were editing.',
  422: 'Some values are not valid.',
  429: 'Too many failed attempts: wait a minute and try again.',
}

/**
 * Statuses whose sentence comes from the server's own words first: a 403 says what is missing
 * (`needs`) or why (a failed CSRF check), a 409 what is in the way.
 */
const FALLBACKS: Record<number, string> = {
  403: 'You may not do this.',
  409: 'That already exists.',
}

/** The ApiError for a failed response's status and parsed body. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const answer = errorAnswerOf(body)
  const needs = status === 403 ? needsOf(body) : undefined
  const message =
    (needs && needsSentence(needs)) ??
    STATUS_SENTENCES[status] ??
    answer?.error ??
    FALLBACKS[status] ??
    `The server answered ${status}.`
  return new ApiError(status, message, answer?.issues ?? [], body)
}

/** Whether `path` lies at or under `prefix`. */
export function pathStartsWith(path: IssuePath, prefix: IssuePath): boolean {
  if (prefix.length > path.length) return false
  return prefix.every((p, i) => String(p) === String(path[i]))
}

/** The messages of issues at or under `prefix`. */
export function messagesAt(issues: readonly Issue[], prefix: IssuePath): string[] {
  return issues.filter((i) => pathStartsWith(i.path, prefix)).map((i) => i.message)
}

/** A path written for people: `rules[0].clauses[1].values[0]`. */
export function formatPath(path: IssuePath): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p),
    '',
  )
}
