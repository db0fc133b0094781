import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createListeners } from './listeners.js'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('the client listeners', () => {
  it('calls the listeners of a name, in the order they were added, with what it carries', () => {
    const listeners = createListeners()
    const calls: string[] = []
    listeners.listen('status', (s: string) => calls.push(`first ${s}`))
    listeners.listen('status', (s: string) => calls.push(`second ${s}`))
    listeners.listen('error', () => calls.push('error'))
    listeners.emit('status', 'ready')
    expect(calls).toEqual(['first ready', 'second ready'])
  })

  it('stops calling a listener once its stop function ran, and leaves the others', () => {
    const listeners = createListeners()
    const calls: string[] = []
    const stop = listeners.listen('change', () => calls.push('a'))
    listeners.listen('change', () => calls.push('b'))
    stop()
    stop() // twice is harmless
    listeners.emit('change', [])
    expect(calls).toEqual(['b'])
  })

  it('calls every listener of an emit even when one stops another while called', () => {
    const listeners = createListeners()
    const calls: string[] = []
    let stopB = () => {}
    listeners.listen('change', () => {
      calls.push('a')
      stopB()
    })
    stopB = listeners.listen('change', () => calls.push('b'))
    listeners.emit('change')
    listeners.emit('change')
    expect(calls).toEqual(['a', 'b', 'a'])
  })

  it('names each changed flag to its own listeners, then to every change listener', () => {
    const listeners = createListeners()
    const calls: unknown[] = []
    listeners.listen('flag:a', () => calls.push('flag a'))
    listeners.listen('flag:c', () => calls.push('flag c'))
    listeners.listen('change', (keys: string[]) => calls.push(keys))
    listeners.changed(['a', 'b'])
    expect(calls).toEqual(['flag a', ['a', 'b']])
  })

  it('tells nobody when no flag changed', () => {
    const listeners = createListeners()
    const calls: unknown[] = []
    listeners.listen('change', (keys: string[]) => calls.push(keys))
    listeners.changed([])
    expect(calls).toEqual([])
  })

  it('reports a listener that throws on a task of its own, after calling the others', () => {
    const listeners = createListeners()
    const calls: string[] = []
    listeners.listen('error', () => {
      throw new Error('listener bug')
    })
    listeners.listen('error', () => calls.push('second'))
    expect(() => listeners.emit('error')).not.toThrow()
    expect(calls).toEqual(['second'])
    expect(() => vi.runOnlyPendingTimers()).toThrow('listener bug')
  })
})
