import { Link, useLocation } from '../lib/router';
import { SCHEMA_NAV } from '../nav';

/** Moves between the two API pages for front-end teams. */
export function SchemaNav() {
  const { pathname } = useLocation();
  return (
    <nav className="sub-nav" aria-label="API pages">
      <ul>
        {SCHEMA_NAV.map((i) => (
          <li key={i.to}>
            <Link to={i.to} aria-current={pathname === i.to ? 'page' : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
