import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { graphql } from '../generated';
import type { WorkWaitingQuery } from '../generated/graphql';

const WORK_WAITING = graphql(`
  query WorkWaiting {
    workWaiting {
      user
      openMatches
      openBreakGlassAlerts
      externalTransfersAwaiting
    }
  }
`);

/** A count the navigation can show beside a page: how many items wait there. */
export type WaitingCount = Exclude<keyof NonNullable<WorkWaitingQuery['workWaiting']>, 'user' | '__typename'>;

const CHANGED = 'care:work-changed';

/** Tells the navigation that something may have left (or joined) a queue: a decision was made. */
export function workChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * The counts beside the navigation's pages, fetched again when the page changes, after any
 * decision (see workChanged), and each minute. A count the policy denies is simply not shown.
 */
export function useWorkWaiting(wanted: boolean, pathname: string): Partial<Record<WaitingCount, number>> {
  const { data, refetch } = useQuery(WORK_WAITING, {
    skip: !wanted,
    pollInterval: 60_000,
    errorPolicy: 'all',
    fetchPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (!wanted) return undefined;
    const again = () => void refetch().catch(() => undefined);
    window.addEventListener(CHANGED, again);
    return () => window.removeEventListener(CHANGED, again);
  }, [wanted, refetch]);
  useEffect(() => {
    if (wanted) void refetch().catch(() => undefined);
  }, [wanted, pathname, refetch]);
  const w = data?.workWaiting;
  const counts: Partial<Record<WaitingCount, number>> = {};
  if (w) {
    for (const k of ['openMatches', 'openBreakGlassAlerts', 'externalTransfersAwaiting'] as const) {
      const n = w[k];
      if (typeof n === 'number') counts[k] = n;
    }
  }
  return counts;
}
