/** A count with its noun, singular for one: "1 rule", "3 rules", "0 keys". */
export function counted(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`
}
