/** Lists of keys typed one per line or separated by commas (targets, segment members). */

export function parseKeyList(text: string): string[] {
  const seen = new Set<string>()
  for (const part of text.split(/[\n,]/)) {
    const key = part.trim()
    if (key) seen.add(key)
  }
  return [...seen]
}

export function formatKeyList(keys: readonly string[] | undefined): string {
  return (keys ?? []).join('\n')
}
