import { useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { graphql } from '../generated';

// Each count is asked for only where the navigation shows it: a count the role may not see would
// come back as a denial, recorded as one, on every page.
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

const CHANGED = 'care:work-changed';

/** Tells the navigation that something may have left (or joined) a queue: a decision was tried. */
export function workChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * The counts beside the navigation's pages, fetched again when the page changes, after any
 * decision (see workChanged), and each minute. A count that cannot be had is simply not shown.
 */
export function useWorkWaiting(
  wanted: readonly WaitingCount[],
  pathname: string,
): Partial<Record<WaitingCount, number>> {
  const skip = wanted.length === 0;
  const variables = Object.fromEntries(COUNTS.map((c) => [c, wanted.includes(c)])) as Record<
    WaitingCount,
    boolean
  >;
  const { data, refetch } = useQuery(WORK_WAITING, {
    variables,
    skip,
    pollInterval: 60_000,
    skipPollAttempt: () => document.hidden,
    errorPolicy: 'all',
    fetchPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (skip) return undefined;
    const again = () => void refetch().catch(() => undefined);
    window.addEventListener(CHANGED, again);
    return () => window.removeEventListener(CHANGED, again);
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
  for (const k of COUNTS) {
    const n = w?.[k];
    if (typeof n === 'number') counts[k] = n;
  }
  return counts;
}
