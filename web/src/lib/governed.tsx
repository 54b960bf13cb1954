/**
 * Rendering governed data: the gateway answers a withheld field with null plus a FORBIDDEN error on
 * its path (extensions.reason says why). Every governed value is shown through these helpers so a
 * denial reads as a denial, never as a blank that looks like missing data.
 */
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';
import { createContext, useContext, type ReactNode } from 'react';

export type GqlError = GraphQLFormattedError;
export type Path = readonly (string | number)[];
export type DenyReason = 'role' | 'relationship' | 'consent' | 'break_glass_needed' | 'no_person';

export interface Denial {
  reason: DenyReason;
  field: string;
  message: string;
}

export const DENY_TEXT: Record<DenyReason, string> = {
  role: 'Not shared with your role',
  relationship: 'Not shared: no care relationship with this person',
  consent: 'Not shared with your role: consent needed',
  break_glass_needed: 'Not shared: break-glass needed',
  no_person: 'Not shared with your role',
};

/** Reasons that break-glass can override (a `deny` cell never opens). */
export const BREAKABLE: readonly DenyReason[] = ['relationship', 'consent', 'break_glass_needed'];

export const SOURCE_NAMES: Record<string, string> = {
  'social-care': 'Social care',
  health: 'Health (GP and hospital)',
  council: 'Council',
  governance: 'Governance',
};

/**
 * The errors of an Apollo result (errorPolicy 'all' returns data and errors together); a network
 * failure becomes one error with its message.
 */
export function errorsOf(error: unknown): readonly GqlError[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  const message = error instanceof Error ? error.message : String(error);
  return [{ message: `The service could not be reached (${message}). Check your connection and try again.` }];
}

const samePath = (a: Path | undefined, b: Path): boolean =>
  !!a && a.length === b.length && a.every((p, i) => p === b[i]);

export function denialAt(errors: readonly GqlError[], path: Path): Denial | null {
  const e = errors.find((x) => x.extensions?.code === 'FORBIDDEN' && samePath(x.path, path));
  if (!e) return null;
  return {
    reason: String(e.extensions?.reason ?? 'role') as DenyReason,
    field: String(e.extensions?.field ?? path.join('.')),
    message: e.message,
  };
}

/** Every denial at or below a path (list items included). */
export function denialsUnder(errors: readonly GqlError[], prefix: Path): Denial[] {
  return errors
    .filter(
      (e) =>
        e.extensions?.code === 'FORBIDDEN' &&
        e.path &&
        e.path.length >= prefix.length &&
        prefix.every((p, i) => e.path?.[i] === p),
    )
    .map((e) => ({
      reason: String(e.extensions?.reason ?? 'role') as DenyReason,
      field: String(e.extensions?.field ?? ''),
      message: e.message,
    }));
}

/** Sources (subgraphs) that did not answer. */
export function sourcesDown(errors: readonly GqlError[]): string[] {
  const out = new Set<string>();
  for (const e of errors)
    if (e.extensions?.code === 'SOURCE_UNAVAILABLE') out.add(String(e.extensions.source ?? 'unknown'));
  return [...out];
}

/** Errors that are neither a field denial nor a source outage: shown as they are. */
export function otherErrors(errors: readonly GqlError[]): GqlError[] {
  return errors.filter(
    (e) => e.extensions?.code !== 'FORBIDDEN' && e.extensions?.code !== 'SOURCE_UNAVAILABLE',
  );
}

export const errorCode = (errors: readonly GqlError[], path?: Path): string | null => {
  const e = path ? errors.find((x) => samePath(x.path, path)) : errors[0];
  return e ? String(e.extensions?.code ?? '') : null;
};

const ErrorsContext = createContext<readonly GqlError[]>([]);

interface BreakGlassOffer {
  offer: (() => void) | null;
}
const BreakGlassContext = createContext<BreakGlassOffer>({ offer: null });

/** Makes a query's errors available to every Governed value below it. */
export function GovernedScope({
  errors,
  onBreakGlass,
  children,
}: {
  errors: readonly GqlError[];
  onBreakGlass?: (() => void) | null;
  children: ReactNode;
}) {
  return (
    <ErrorsContext.Provider value={errors}>
      <BreakGlassContext.Provider value={{ offer: onBreakGlass ?? null }}>
        {children}
      </BreakGlassContext.Provider>
    </ErrorsContext.Provider>
  );
}

export const useGovernedErrors = (): readonly GqlError[] => useContext(ErrorsContext);
export const useDenial = (path: Path): Denial | null => denialAt(useContext(ErrorsContext), path);

export function DeniedBadge({ denial }: { denial: Denial }) {
  const { offer } = useContext(BreakGlassContext);
  const breakable = BREAKABLE.includes(denial.reason);
  return (
    <span className="denied" data-denied={denial.field} data-reason={denial.reason}>
      <span className="denied-text">
        <svg
          className="denied-icon"
          viewBox="0 0 16 16"
          width="13"
          height="13"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor" />
        </svg>{' '}
        {DENY_TEXT[denial.reason] ?? DENY_TEXT.role}
      </span>
      <span className="visually-hidden"> ({denial.field})</span>
      {breakable && offer && (
        <button type="button" className="link-button" onClick={offer}>
          Break glass…
        </button>
      )}
    </span>
  );
}

interface GovernedProps<T> {
  path: Path;
  value: T | null | undefined;
  children?: (value: T) => ReactNode;
  /** Shown for a null or empty value that was not withheld. */
  empty?: string;
  /** The source that holds the value: when it did not answer, say so instead of "not recorded". */
  source?: string;
}

/** A governed value: the value, a denial badge, an outage note, or an honest "not recorded". */
export function Governed<T>({ path, value, children, empty = 'Not recorded', source }: GovernedProps<T>) {
  const errors = useContext(ErrorsContext);
  const denial = denialAt(errors, path);
  if (denial) return <DeniedBadge denial={denial} />;
  const isEmpty = value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  if (isEmpty) {
    if (source && sourcesDown(errors).includes(source))
      return (
        <span className="unavailable">Unavailable: {SOURCE_NAMES[source] ?? source} did not answer</span>
      );
    return <span className="muted">{empty}</span>;
  }
  return <>{children ? children(value as T) : String(value)}</>;
}

/** A banner per source that did not answer, so the rest of the page can still be trusted. */
export function SourceBanner({ errors }: { errors: readonly GqlError[] }) {
  const down = sourcesDown(errors);
  if (down.length === 0) return null;
  return (
    <div className="banner banner-warning" role="status">
      {down.map((s) => (
        <p key={s}>
          <strong>{SOURCE_NAMES[s] ?? s} is unavailable.</strong> Its part of this page is missing; everything
          else shown is up to date.
        </p>
      ))}
    </div>
  );
}

/** Errors other than denials and outages (not found, bad input, conflicts), in words. */
export function ErrorList({
  errors,
  title = 'There is a problem',
}: {
  errors: readonly GqlError[];
  title?: string;
}) {
  const list = otherErrors(errors);
  if (list.length === 0) return null;
  return (
    <div className="error-summary" role="alert">
      <h2 className="error-summary-title">{title}</h2>
      <ul>
        {list.map((e, i) => (
          <li key={i}>{e.message}</li>
        ))}
      </ul>
    </div>
  );
}
