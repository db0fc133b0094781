/** Times of the API (epoch milliseconds or ISO strings) for people, in UTC so all admins agree. */
export function formatTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC'
}
