/**
 * CPU time of processes, from Linux's /proc: what a load cost the server processes and the
 * PostgreSQL server on this machine, whatever else ran beside them. Elsewhere it reads 0.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** utime + stime of a process in milliseconds; 0 when it is gone or unreadable. */
function cpuMs(pid: number): number {
  try {
    // The command name, in parentheses, may hold spaces: count fields after its end.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** The PostgreSQL server's processes now (postmaster, backends, background workers). */
function postgresPids(): number[] {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return []
  }
  return pids.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
    } catch {
      return false
    }
  })
}

/**
 * Starts counting: `stop()` answers the CPU milliseconds the given processes and PostgreSQL's
 * spent since (backends that started meanwhile count from zero; those that ended are lost).
 */
export function countCpu(pids: number[]) {
  const serverStart = pids.reduce((sum, pid) => sum + cpuMs(pid), 0)
  const pgStart = new Map(postgresPids().map((pid) => [pid, cpuMs(pid)]))
  return {
    stop() {
      const servers = pids.reduce((sum, pid) => sum + cpuMs(pid), 0) - serverStart
      const postgres = postgresPids().reduce(
        (sum, pid) => sum + cpuMs(pid) - (pgStart.get(pid) ?? 0),
        0,
      )
      return { servers, postgres }
    },
  }
}
