/**
 * The linear-time regular expressions of `matches` clauses: a pattern compiles to a program
 * of bounded size, which runs in time proportional to its size times the input's length.
 */
export {
  compile,
  union,
  INVALID,
  MAX_PROGRAM_SIZE,
  MAX_REGEX_LENGTH,
  TOO_LARGE,
  type Inst,
  type Program,
} from './compile.js'
export { run } from './run.js'
export { describeRefusal, matchesIssues, type PatternIssue } from './describe.js'
