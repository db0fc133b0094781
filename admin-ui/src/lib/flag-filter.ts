/**
 * Search and tag filtering of the flag list: one pass over the flags with a precomputed
 * lowercase haystack per flag, so typing stays fast with thousands of flags.
 */

export interface FlagSummary {
  key: string
  name: string
  description: string
  tags: string[]
}

export interface FilterIndex<T extends FlagSummary> {
  flags: T[]
  haystacks: string[]
  tags: string[]
}

export function indexFlags<T extends FlagSummary>(flags: T[]): FilterIndex<T> {
  const sorted = [...flags].sort((a, b) => a.key.localeCompare(b.key))
  const tags = new Set<string>()
  for (const f of sorted) for (const t of f.tags) tags.add(t)
  return {
    flags: sorted,
    haystacks: sorted.map((f) => `${f.key}\n${f.name}\n${f.description}`.toLowerCase()),
    tags: [...tags].sort(),
  }
}

/** Flags whose key, name or description contain every word of `query`, with `tag` if given. */
export function filterFlags<T extends FlagSummary>(
  index: FilterIndex<T>,
  query: string,
  tag: string,
): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0 && !tag) return index.flags
  return index.flags.filter(
    (f, i) => (!tag || f.tags.includes(tag)) && words.every((w) => index.haystacks[i]!.includes(w)),
  )
}
