import { badInput } from '@care/common';

export const DEFAULT_LIST_LIMIT = 200;
export const MAX_LIST_LIMIT = 500;

/** A list's `limit` argument: 1 to 500; an explicit null means the default. */
export function checkLimit(limit: number | null | undefined): number {
  const n = limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST_LIMIT) {
    throw badInput(`limit must be between 1 and ${MAX_LIST_LIMIT}`, { argument: 'limit' });
  }
  return n;
}
