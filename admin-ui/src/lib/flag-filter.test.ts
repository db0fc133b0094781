import { describe, expect, it } from 'vitest'
import { filterFlags, indexFlags } from './flag-filter.js'

const flags = [
  { key: 'new-checkout', name: 'New checkout', description: 'Stripe flow', tags: ['payments'] },
  { key: 'dark-mode', name: 'Dark mode', description: '', tags: ['ui'] },
  { key: 'checkout-api-v2', name: 'API v2', description: '', tags: ['payments', 'api'] },
]

describe('filterFlags', () => {
  const index = indexFlags(flags)

  it('sorts by key and collects tags', () => {
    expect(index.flags.map((f) => f.key)).toEqual(['checkout-api-v2', 'dark-mode', 'new-checkout'])
    expect(index.tags).toEqual(['api', 'payments', 'ui'])
  })

  it('matches every word in key, name or description, ignoring case', () => {
    expect(filterFlags(index, 'CHECKOUT stripe', '').map((f) => f.key)).toEqual(['new-checkout'])
    expect(filterFlags(index, 'checkout', '').map((f) => f.key)).toEqual([
      'checkout-api-v2',
      'new-checkout',
    ])
  })

  it('filters by tag', () => {
    expect(filterFlags(index, '', 'api').map((f) => f.key)).toEqual(['checkout-api-v2'])
    expect(filterFlags(index, 'dark', 'payments')).toEqual([])
  })

  it('stays fast with 1,000 flags', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      key: `flag-${i}`,
      name: `Flag ${i}`,
      description: 'x'.repeat(100),
      tags: [`t${i % 10}`],
    }))
    const big = indexFlags(many)
    const start = performance.now()
    for (let i = 0; i < 100; i++) filterFlags(big, `flag-${i}`, 't3')
    expect(performance.now() - start).toBeLessThan(500)
    expect(filterFlags(big, 'flag-13', 't3').map((f) => f.key)).toEqual(['flag-13', 'flag-133'])
  })
})
