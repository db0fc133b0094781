import { describe, expect, it } from 'vitest'
import {
  createNavigation,
  followedHref,
  isRouteHash,
  sameRoute,
  type HashLocation,
  type LinkClick,
} from './hash-navigation.js'

/** An address bar with a history list, like the browser's, that records what the app did. */
function fakeLocation(start: string) {
  const entries = [start]
  let index = 0
  const location: HashLocation & { entries: string[]; back(): void } = {
    entries,
    read: () => entries[index]!,
    assign(hash) {
      entries.splice(index + 1, entries.length, hash)
      index += 1
    },
    replace(hash) {
      entries[index] = hash
    },
    back() {
      index -= 1
    },
  }
  return location
}

function setup(start = '#/flags/a/production') {
  const location = fakeLocation(start)
  const navigation = createNavigation(location)
  let changes = 0
  navigation.subscribe(() => (changes += 1))
  return { location, navigation, changes: () => changes }
}

describe('createNavigation', () => {
  it('leaves link clicks to the browser and follows its hash changes when nothing is edited', () => {
    const { location, navigation } = setup()
    expect(navigation.click('#/audit')).toBe(false)
    location.assign('#/audit')
    navigation.changed()
    expect(navigation.current()).toBe('#/audit')
    expect(navigation.pending()).toBeUndefined()
  })

  it('takes over a link click while edits are unsaved, and stays when the answer is stay', () => {
    const { location, navigation } = setup()
    navigation.hold()
    expect(navigation.click('#/audit')).toBe(true)
    expect(navigation.pending()).toBe('#/audit')
    expect(navigation.current()).toBe('#/flags/a/production')
    navigation.answer(false)
    expect(navigation.pending()).toBeUndefined()
    expect(navigation.current()).toBe('#/flags/a/production')
    expect(location.entries).toEqual(['#/flags/a/production'])
  })

  it('goes to the link when the answer is leave', () => {
    const { location, navigation } = setup()
    navigation.hold()
    navigation.click('#/audit')
    navigation.answer(true)
    expect(navigation.current()).toBe('#/audit')
    expect(location.entries).toEqual(['#/flags/a/production', '#/audit'])
    // The browser's hashchange for that move is not a second question.
    navigation.changed()
    expect(navigation.pending()).toBeUndefined()
  })

  it('puts the address back after going back with unsaved edits, and asks', () => {
    const location = fakeLocation('#/flags')
    location.assign('#/flags/a/production')
    const navigation = createNavigation(location)
    navigation.hold()
    location.back()
    navigation.changed()
    expect(navigation.current()).toBe('#/flags/a/production')
    expect(location.read()).toBe('#/flags/a/production')
    expect(navigation.pending()).toBe('#/flags')
  })

  it('asks nothing once every hold is released, and a release counts once', () => {
    const { navigation } = setup()
    const first = navigation.hold()
    const second = navigation.hold()
    first()
    first()
    expect(navigation.click('#/audit')).toBe(true)
    navigation.answer(false)
    second()
    expect(navigation.click('#/audit')).toBe(false)
  })

  it('does not ask for a link to the route already shown, nor for an anchor in the page', () => {
    const { location, navigation } = setup('#/flags')
    navigation.hold()
    expect(navigation.click('#/flags')).toBe(false)
    expect(navigation.click('#content')).toBe(false)
    location.assign('#content')
    navigation.changed()
    expect(navigation.current()).toBe('#/flags')
    expect(navigation.pending()).toBeUndefined()
  })

  it('asks before going from code, unless forced', () => {
    const { location, navigation } = setup()
    navigation.hold()
    navigation.go('#/segments/production/beta')
    expect(navigation.pending()).toBe('#/segments/production/beta')
    expect(location.entries).toHaveLength(1)
    navigation.go('#/flags', { force: true })
    expect(navigation.pending()).toBeUndefined()
    expect(navigation.current()).toBe('#/flags')
    expect(location.read()).toBe('#/flags')
  })

  it('tells its subscribers about every change of route or question', () => {
    const { navigation, changes } = setup()
    navigation.hold()
    navigation.click('#/audit')
    navigation.answer(true)
    expect(changes()).toBe(2)
  })
})

describe('route hashes', () => {
  it.each([
    ['', true],
    ['#/audit', true],
    ['#content', false],
  ])('%j is a route: %s', (hash, route) => {
    expect(isRouteHash(hash)).toBe(route)
  })

  it('treats no hash as the flag list', () => {
    expect(sameRoute('', '#/flags')).toBe(true)
    expect(sameRoute('#/flags/a', '#/flags/a/production')).toBe(false)
  })
})

describe('followedHref', () => {
  const plain: LinkClick = {
    button: 0,
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    defaultPrevented: false,
  }
  const link = (attributes: Record<string, string>) => ({
    getAttribute: (name: string) => attributes[name] ?? null,
  })

  it('reads the href of a plain click on an in-app link', () => {
    expect(followedHref(plain, link({ href: '#/audit' }))).toBe('#/audit')
  })

  it.each<[string, LinkClick, Record<string, string>]>([
    ['a middle click', { ...plain, button: 1 }, { href: '#/audit' }],
    ['a ctrl click', { ...plain, ctrlKey: true }, { href: '#/audit' }],
    ['a meta click', { ...plain, metaKey: true }, { href: '#/audit' }],
    ['a handled click', { ...plain, defaultPrevented: true }, { href: '#/audit' }],
    ['a new tab', plain, { href: '#/audit', target: '_blank' }],
    ['the skip link', plain, { href: '#content' }],
    ['another site', plain, { href: 'https://example.org/' }],
  ])('leaves %s to the browser', (_name, click, attributes) => {
    expect(followedHref(click, link(attributes))).toBeUndefined()
  })

  it('ignores clicks outside links', () => {
    expect(followedHref(plain, null)).toBeUndefined()
  })
})
