/**
 * The PostgreSQL harnesses still open, by how long they live: those made in a test end with it,
 * those made outside one (a `beforeAll`) with the file. A module of its own, so that the vitest
 * setup that closes them (close-harnesses.ts) runs in every test file without loading the
 * server, the stores and the PostgreSQL driver into files that never use them.
 */
export interface Closable {
  close(): Promise<void>
}

const open = { test: [] as Closable[], file: [] as Closable[] }

export function trackHarness(entry: Closable, scope: 'test' | 'file'): void {
  open[scope].push(entry)
}

/** Closes the PostgreSQL harnesses made in the test (`each`) or in the file (`all`). */
export async function closeHarnesses(which: 'each' | 'all'): Promise<void> {
  const list =
    which === 'each' ? open.test.splice(0) : [...open.test.splice(0), ...open.file.splice(0)]
  await Promise.all(list.map((s) => s.close()))
}
