/**
 * The signed-in frame: navigation, the page of the current hash route, and the question
 * asked before a move would drop unsaved edits.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useHashRoute } from '../hooks/useHashRoute.js'
import { NavigationContext } from '../hooks/useNavigation.js'
import { MeContext, useCurrentMe } from '../hooks/useMe.js'
import { reasonNot } from '../lib/permissions.js'
import { useSession } from '../hooks/useSession.js'
import { browserHashLocation, createNavigation } from '../lib/hash-navigation.js'
import { pageTitle } from '../lib/page-title.js'
import { roleSummary } from '../lib/role-summary.js'
import { routeHref, type Route } from '../lib/route.js'
import { AuditPage } from '../pages/AuditPage.js'
import { ChangeRequestsPage } from '../pages/ChangeRequestsPage.js'
import { EnvironmentsPage } from '../pages/EnvironmentsPage.js'
import { FlagPage } from '../pages/FlagPage.js'
import { FlagsPage } from '../pages/FlagsPage.js'
import { MembersPage } from '../pages/MembersPage.js'
import { SegmentsPage } from '../pages/SegmentsPage.js'
import { InsightsPage } from '../pages/InsightsPage.js'
import { TokensPage } from '../pages/TokensPage.js'
import { ErrorBoundary } from './ErrorBoundary.js'
import { LeaveDialog } from './LeaveDialog.js'

const NAV: { label: string; route: Route; pages: Route['page'][]; admin?: boolean }[] = [
  { label: 'Flags', route: { page: 'flags' }, pages: ['flags', 'flag'] },
  { label: 'Segments', route: { page: 'segments' }, pages: ['segments'] },
  { label: 'Environments and keys', route: { page: 'environments' }, pages: ['environments'] },
  { label: 'Change requests', route: { page: 'changes' }, pages: ['changes'] },
  { label: 'Insights', route: { page: 'insights' }, pages: ['insights'] },
  { label: 'Audit log', route: { page: 'audit' }, pages: ['audit'] },
  { label: 'Members', route: { page: 'members' }, pages: ['members'], admin: true },
  { label: 'Tokens', route: { page: 'tokens' }, pages: ['tokens'] },
]

function Page(props: { route: Route }) {
  const { route } = props
  switch (route.page) {
    case 'flags':
      return <FlagsPage />
    case 'flag':
      return <FlagPage flagKey={route.key} env={route.env} />
    case 'segments':
      return <SegmentsPage env={route.env} segmentKey={route.key} />
    case 'environments':
      return <EnvironmentsPage />
    case 'audit':
      return <AuditPage />
    case 'insights':
      return <InsightsPage />
    case 'members':
      return <MembersPage />
    case 'tokens':
      return <TokensPage />
    case 'changes':
      return <ChangeRequestsPage env={route.env} />
  }
}

export function Shell() {
  const [navigation] = useState(() => createNavigation(browserHashLocation()))
  const route = useHashRoute(navigation)
  const pending = useSyncExternalStore(navigation.subscribe, navigation.pending)
  const session = useSession()
  const { signOut } = session
  const me = useCurrentMe(session)
  const admin = reasonNot(me, { kind: 'admin' }) === undefined
  const [signingOut, setSigningOut] = useState(false)
  const page = routeHref(route)
  const title = pageTitle(route)
  const first = useRef(true)
  useEffect(() => {
    globalThis.document.title = title
    // After navigating, screen readers and the keyboard start at the new page's content.
    if (first.current) first.current = false
    else globalThis.document.getElementById('content')?.focus({ preventScroll: true })
  }, [page, title])
  return (
    <MeContext.Provider value={me}>
      <NavigationContext.Provider value={navigation}>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <header className="topbar">
          <a className="brand" href="#/flags">
            <span className="logo" aria-hidden="true" /> Andon
          </a>
          <nav aria-label="Main">
            <ul>
              {NAV.filter((item) => admin || !item.admin).map((item) => (
                <li key={item.label}>
                  <a
                    href={routeHref(item.route)}
                    aria-current={item.pages.includes(route.page) ? 'page' : undefined}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="whoami">
            <span>
              <span className="visually-hidden">Signed in as </span>
              <strong>{me.name}</strong> <span className="whoami-role">{roleSummary(me)}</span>
            </span>
            <button
              type="button"
              className="link-button"
              disabled={signingOut}
              onClick={() => {
                setSigningOut(true)
                void signOut()
              }}
            >
              {signingOut ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          <ErrorBoundary resetKey={page}>
            <Page route={route} />
          </ErrorBoundary>
        </main>
        {pending !== undefined && <LeaveDialog onAnswer={navigation.answer} />}
      </NavigationContext.Provider>
    </MeContext.Provider>
  )
}
