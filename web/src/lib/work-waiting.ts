import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../generated';
import { errorsOf } from './governed';

// Each count is asked for only where the navigation shows it, and no more once denied: a count
// the role may not see (a policy that predates it, or IG took it away) comes back as a denial,
// recorded as one, and asking each minute would fill the audit trail with them.
const WORK_WAITING = graphql(`
  query WorkWaiting(
    $openMatches: Boolean!
    $openBreakGlassAlerts: Boolean!
    $externalTransfersAwaiting: Boolean!
    $referralsReceived: Boolean!
    $correctionsProposed: Boolean!
    $dischargeNoticesUnacknowledged: Boolean!
  ) {
    workWaiting {
      user
      openMatches @include(if: $openMatches)
      openBreakGlassAlerts @include(if: $openBreakGlassAlerts)
      externalTransfersAwaiting @include(if: $externalTransfersAwaiting)
      referralsReceived @include(if: $referralsReceived)
      correctionsProposed @include(if: $correctionsProposed)
      dischargeNoticesUnacknowledged @include(if: $dischargeNoticesUnacknowledged)
    }
  }
`);

const COUNTS = [
  'openMatches',
  'openBreakGlassAlerts',
  'externalTransfersAwaiting',
  'referralsReceived',
  'correctionsProposed',
  'dischargeNoticesUnacknowledged',
] as const;

/** A count the navigation can show beside a page: how many items wait there. */
export type WaitingCount = (typeof COUNTS)[number];

const isCount = (v: unknown): v is WaitingCount => COUNTS.includes(v as WaitingCount);

const CHANGED = 'care:work-changed';

/** Tells the navigation that something may have left (or joined) a queue: a decision was tried. */
export function workChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * The counts beside the navigation's pages, fetched again when the page changes, after any
 * decision (see workChanged), on coming back to the tab, and each minute while it is shown. A
 * count that is denied, or cannot be had, is simply not shown.
 */
export function useWorkWaiting(
  wanted: readonly WaitingCount[],
  pathname: string,
): Partial<Record<WaitingCount, number>> {
  const [denied, setDenied] = useState<ReadonlySet<WaitingCount>>(new Set());
  const asked = useMemo(() => wanted.filter((c) => !denied.has(c)), [wanted, denied]);
  const skip = asked.length === 0;
  const variables = Object.fromEntries(COUNTS.map((c) => [c, asked.includes(c)])) as Record<
    WaitingCount,
    boolean
  >;
  const { data, error, refetch } = useQuery(WORK_WAITING, {
    variables,
    skip,
    pollInterval: 60_000,
    skipPollAttempt: () => document.hidden,
    errorPolicy: 'all',
    // Counts name nobody, but the app keeps no governed answers in its cache: nor these.
    fetchPolicy: 'no-cache',
  });
  useEffect(() => {
    const refused = errorsOf(error).filter(
      (e) => e.extensions?.code === 'FORBIDDEN' && e.path?.[0] === 'workWaiting',
    );
    if (!refused.length) return;
    // Denied count by count; anything else refused (Query.workWaiting itself, or the key without
    // which no count comes) denies them all.
    const field = (p: readonly (string | number)[] | undefined) => p?.[1];
    const names = refused.some((e) => !isCount(field(e.path)))
      ? asked
      : refused.map((e) => field(e.path)).filter(isCount);
    // Only a new denial changes anything (a new set each time would ask again, forever).
    setDenied((d) => (names.some((n) => !d.has(n)) ? new Set([...d, ...names]) : d));
  }, [error, asked]);
  useEffect(() => {
    if (skip) return undefined;
    const again = () => void refetch().catch(() => undefined);
    const shown = () => {
      if (!document.hidden) again();
    };
    window.addEventListener(CHANGED, again);
    document.addEventListener('visibilitychange', shown);
    return () => {
      window.removeEventListener(CHANGED, again);
      document.removeEventListener('visibilitychange', shown);
    };
  }, [skip, refetch]);
  // On moving to another page: the first page's counts are the query's own first answer.
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (skip || shownOn.current === pathname) return;
    shownOn.current = pathname;
    void refetch().catch(() => undefined);
  }, [skip, pathname, refetch]);
  const w = data?.workWaiting;
  const counts: Partial<Record<WaitingCount, number>> = {};
  for (const k of asked) {
    const n = w?.[k];
    if (typeof n === 'number') counts[k] = n;
  }
  return counts;
}
