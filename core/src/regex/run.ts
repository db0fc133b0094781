/**
 * Runs a compiled pattern over a string as a set of threads, at most one per instruction,
 * all advancing one code unit together (Thompson's construction): whether the pattern
 * matches anywhere is known in at most (input length + 1) × (program size) steps, however
 * the pattern nests its repetitions. No thread ever goes back over the input.
 */
import type { Program } from './compile.js'

/** Whether `program` matches anywhere in `s`, as `RegExp.prototype.test` would. */
export function run(program: Program, s: string): boolean {
  const end = program.length
  // The position at which each instruction last ran: none runs twice at one position.
  const seen: number[] = []
  let threads: number[] = []
  for (let at = 0; at <= s.length; at++) {
    // A new thread at every position: the match may start anywhere.
    const stack = [...threads, 0]
    threads = []
    while (stack.length > 0) {
      const pc = stack.pop()!
      if (seen[pc] === at) continue
      seen[pc] = at
      if (pc === end) return true
      const inst = program[pc]!
      if (!(inst instanceof RegExp)) stack.push(pc + inst[1], pc + inst[0])
      else {
        inst.lastIndex = at
        // What read a character goes on at the next position; an assertion goes on here.
        if (inst.test(s)) (inst.lastIndex > at ? threads : stack).push(pc + 1)
      }
    }
  }
  return false
}
