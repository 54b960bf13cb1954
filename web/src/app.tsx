import { useApolloClient, useQuery } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Loading } from './components/ui';
import { graphql } from './generated';
import { ROLE_NAMES } from './lib/format';
import { errorsOf, ErrorList } from './lib/governed';
import { Link, matchPath, navigate, useLocation } from './lib/router';
import { sessionStore, type Session } from './lib/session';
import { useWorkWaiting } from './lib/work-waiting';
import { homeOf, navFor } from './nav';
import { routes } from './routes';
import { SignInPage } from './pages/sign-in';

const SchemaExplorer = lazy(() => import('./pages/schema/explorer'));

const ME = graphql(`
  query Me {
    me {
      username
      name
      role
      org
      orgName
      team
    }
  }
`);

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to main content
    </a>
  );
}

function Header({
  session,
  role,
  name,
  orgName,
}: {
  session: Session | null;
  role?: string;
  name?: string;
  orgName?: string | null;
}) {
  return (
    <header className="header">
      <div className="header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            CR
          </span>
          <span>Care record</span>
        </Link>
        {session && (
          <div className="header-user">
            <span>
              <strong>{name}</strong>
              <span className="header-role">
                {ROLE_NAMES[role ?? ''] ?? role}
                {orgName ? `, ${orgName}` : ''}
              </span>
            </span>
            <Link to="/schema" className="header-link">
              API and schema
            </Link>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => sessionStore.end('You have signed out.')}
            >
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

/** A count beside a page's name, read out as "3 waiting"; nothing when none wait. */
function Waiting({ n }: { n: number | undefined }) {
  if (!n) return null;
  return (
    <span className="nav-count" data-testid="nav-count">
      <span className="visually-hidden">, </span>
      {n > 99 ? '99+' : n}
      <span className="visually-hidden"> waiting</span>
    </span>
  );
}

function Nav({ role, pathname }: { role: string; pathname: string }) {
  const items = navFor(role);
  const counted = useMemo(() => items.flatMap((i) => (i.waiting ? [i.waiting] : [])), [items]);
  const waiting = useWorkWaiting(counted, pathname);
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {items.map((i) => {
          const current = pathname === i.to || pathname.startsWith(`${i.to}/`);
          return (
            <li key={i.to}>
              <Link to={i.to} aria-current={current ? 'page' : undefined}>
                {i.label}
                <Waiting n={i.waiting && waiting[i.waiting]} />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Routes({ pathname, role }: { pathname: string; role: string }) {
  if (pathname === '/schema/explorer')
    return (
      <Suspense fallback={<Loading what="Loading the explorer" />}>
        <SchemaExplorer />
      </Suspense>
    );
  for (const r of routes) {
    const params = matchPath(r.path, pathname);
    if (params) return <>{r.render(params, role)}</>;
  }
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to={homeOf(role)}>Go to your start page</Link>.
      </p>
    </>
  );
}

function SignedIn({ session, children }: { session: Session; children: (role: string) => ReactNode }) {
  const { pathname } = useLocation();
  const me = useQuery(ME);
  const user = me.data?.me;
  // The role comes from the gateway (Query.me), never from what the browser kept.
  const role = user?.role ?? null;
  useEffect(() => {
    if (role && (pathname === '/' || pathname === '/sign-in')) navigate(homeOf(role), { replace: true });
  }, [pathname, role]);
  return (
    <>
      <Header
        session={session}
        role={role ?? undefined}
        name={user?.name ?? session.user.name}
        orgName={user?.orgName ?? session.user.orgName}
      />
      {role && <Nav role={role} pathname={pathname} />}
      <main id="main" className="main">
        {role ? (
          children(role)
        ) : me.loading ? (
          <Loading what="Signing in" />
        ) : (
          <ErrorList errors={errorsOf(me.error)} title="Your account details could not be loaded" />
        )}
      </main>
    </>
  );
}

export function App() {
  const { session, notice } = useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
  const { pathname, search } = useLocation();
  const client = useApolloClient();

  useEffect(() => {
    if (!session) {
      // Nothing of the last user's data may survive a sign-out or an expired session.
      void client.clearStore();
      if (pathname !== '/sign-in') {
        const next =
          pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + (search.size ? `?${search}` : ''))}`;
        navigate(`/sign-in${next}`, { replace: true });
      }
    }
  }, [session, pathname, search, client]);

  return (
    <>
      <SkipLink />
      {session ? (
        <SignedIn session={session}>{(role) => <Routes pathname={pathname} role={role} />}</SignedIn>
      ) : (
        <>
          <Header session={null} />
          <main id="main" className="main">
            <SignInPage notice={notice} />
          </main>
        </>
      )}
      <footer className="footer">
        <p>Every access to a person's record is audited. Synthetic data only: no real patients.</p>
      </footer>
    </>
  );
}
