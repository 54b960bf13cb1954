/**
 * What every source's `Person.<source>Events` field shares (issue 5): reading its arguments, turning
 * a page request into a store filter on one time field, ordering and cutting the page, and the
 * summary that is withheld unless the viewer may see the field it summarises.
 *
 * Order: newest first, by `at` then `id` (both descending). An event's id within one stream is the
 * stream's prefix followed by the stored document's id, so the store's order on (time, id) is the
 * events' order and a page can be read with a limit, never the whole history.
 */
import { instantOf } from './dates';
import { badInput } from './errors';
import { decide, type Decision } from './policy/evaluate';
import type { GovernedContext } from './policy/shield';
import type { Filter } from './store/types';

export const EVENTS_DEFAULT_LIMIT = 21;
export const EVENTS_MAX_LIMIT = 101;

/** The arguments of every `Person.<source>Events` field. */
export interface SourceEventsArgs {
  beforeAt?: string | null;
  beforeId?: string | null;
  limit?: number | null;
  kinds?: readonly string[] | null;
  from?: string | null;
  to?: string | null;
}

/** One page request, with every time in `toISOString()` form. */
export interface EventWindow {
  /** Only events before this position; `id: ''` means none at exactly `at`. */
  before: { at: string; id: string } | null;
  from: string | null;
  /** The caller's `to`, or now: what has not happened yet is not on a timeline. */
  to: string;
  limit: number;
  kinds: ReadonlySet<string> | null;
}

function instantArg(value: string, argument: string): string {
  const at = instantOf(value);
  if (!at)
    throw badInput(`${argument} must be a date (YYYY-MM-DD) or an ISO 8601 date and time with its offset`, {
      argument,
    });
  return at;
}

const ISO_DATE_START = /^\d{4}-\d{2}-\d{2}/;

/** A stored date or instant as an event time, or null when it is not a time (stored data, read leniently). */
export function eventInstant(value: string | null | undefined): string | null {
  if (!value || !ISO_DATE_START.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Reads and checks the arguments. Returns null when nothing can match (no kinds, or `from` after
 * `to`): the caller answers an empty list without reading the store. Unknown kinds are not an
 * error: the combined timeline passes every source the same kinds, and a source has none of the others.
 */
export function eventWindow(args: SourceEventsArgs, now: Date): EventWindow | null {
  const limit = args.limit ?? EVENTS_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > EVENTS_MAX_LIMIT) {
    throw badInput(`limit must be between 1 and ${EVENTS_MAX_LIMIT}`, { argument: 'limit' });
  }
  if (args.beforeId != null && args.beforeAt == null) {
    throw badInput('beforeId needs beforeAt', { argument: 'beforeId' });
  }
  const before =
    args.beforeAt != null ? { at: instantArg(args.beforeAt, 'beforeAt'), id: args.beforeId ?? '' } : null;
  const from = args.from != null ? instantArg(args.from, 'from') : null;
  const nowIso = now.toISOString();
  const askedTo = args.to != null ? instantArg(args.to, 'to') : nowIso;
  const to = askedTo < nowIso ? askedTo : nowIso;
  const kinds = args.kinds != null ? new Set(args.kinds) : null;
  if (kinds?.size === 0 || (from !== null && from > to)) return null;
  return { before, from, to, limit, kinds };
}

export const wantsKind = (w: EventWindow, kind: string): boolean => !w.kinds || w.kinds.has(kind);

/** A time slice of one stored time field, in the store's terms. */
export interface TimeSlice {
  /**
   * Only entries before this position: time < at, or time = at and document id < idBelow.
   * `idBelow: null` keeps every entry at exactly `at`; `''` keeps none.
   */
  before: { at: string; idBelow: string | null } | null;
  from: string | null;
  to: string;
  limit: number;
}

/** The slice of the stream whose event ids are `prefix` + document id. */
export function streamSlice(w: EventWindow, prefix: string): TimeSlice {
  let before: TimeSlice['before'] = null;
  if (w.before) {
    const id = w.before.id;
    // Event ids compare as strings: within the stream that is the document ids' order; another
    // stream's ids at the same time are all below or all above the cursor id.
    const idBelow = id.startsWith(prefix) ? id.slice(prefix.length) : prefix < id ? null : '';
    before = { at: w.before.at, idBelow };
  }
  return { before, from: w.from, to: w.to, limit: w.limit };
}

const MIDNIGHT = 'T00:00:00.000Z';

/**
 * A filter on one time field for a slice. The field holds either ISO dates (an event at midnight
 * UTC) or instants in `toISOString()` form; both compare as strings in time order, a date sorting
 * just before the instants of its own day.
 */
export function timeSliceFilter(field: string, slice: TimeSlice, idField = 'id'): Filter {
  const and: Filter[] = [{ [field]: { $lte: slice.to } }];
  if (slice.from) {
    const day = slice.from.slice(0, 10);
    and.push(
      slice.from.endsWith(MIDNIGHT)
        ? { $or: [{ [field]: { $gte: slice.from } }, { [field]: day }] }
        : { [field]: { $gte: slice.from } },
    );
  }
  if (slice.before) {
    const { at, idBelow } = slice.before;
    const day = at.slice(0, 10);
    const atMidnight = at.endsWith(MIDNIGHT);
    // At midnight the day's date is the same time as the cursor: it ties rather than precedes.
    const older: Filter = atMidnight ? { [field]: { $lt: day } } : { [field]: { $lt: at } };
    const sameTime = atMidnight ? { $in: [day, at] } : at;
    if (idBelow === '') and.push(older);
    else if (idBelow === null) and.push({ $or: [older, { [field]: sameTime }] });
    else and.push({ $or: [older, { [field]: sameTime, [idField]: { $lt: idBelow } }] });
  }
  return { $and: and };
}

/** What a summary says and which fields it shows. */
export interface SummaryText {
  text: string;
  shows: readonly string[];
}

/** One event as a source resolves it; `nhsNumber` ties it to the person for the shield. */
export interface SourceEvent {
  nhsNumber: string;
  id: string;
  at: string;
  kind: string;
  link: string | null;
  /** Withheld unless the viewer may see every field it shows. */
  summary: SummaryText;
  /** Appended to the summary when the viewer may also see what it shows. */
  detail?: SummaryText | null;
}

const newestFirst = (a: SourceEvent, b: SourceEvent): number =>
  a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

function inWindow(e: SourceEvent, w: EventWindow): boolean {
  if (!wantsKind(w, e.kind) || e.at > w.to || (w.from && e.at < w.from)) return false;
  return !w.before || e.at < w.before.at || (e.at === w.before.at && e.id < w.before.id);
}

/** The page: events in the window, each once, newest first, at most `limit`. */
export function pageOfEvents(events: Iterable<SourceEvent>, w: EventWindow): SourceEvent[] {
  const byId = new Map<string, SourceEvent>();
  for (const e of events) if (inWindow(e, w)) byId.set(e.id, e);
  return [...byId.values()].sort(newestFirst).slice(0, w.limit);
}

interface Summarised {
  text: string | null;
  decisions: [coordinate: string, decision: Decision][];
}

const summaries = new WeakMap<SourceEvent, Promise<Summarised>>();

/** The summary as shown, with its detail when that may be shown too. */
const textOf = (e: SourceEvent, withDetail: boolean): string =>
  withDetail && e.detail ? `${e.summary.text}: ${e.detail.text}` : e.summary.text;

async function summarise(e: SourceEvent, ctx: GovernedContext): Promise<Summarised> {
  const { gov } = ctx;
  if (gov.off) return { text: textOf(e, true), decisions: [] };
  let facts;
  try {
    facts = await gov.facts.load(e.nhsNumber);
  } catch {
    // Without governance facts there is no basis to share: withhold, never guess.
    return { text: null, decisions: [] };
  }
  const decisions: Summarised['decisions'] = [];
  const may = (shows: readonly string[], recordDenials: boolean) =>
    shows.every((c) => {
      const d = decide(gov.policy, c, gov.viewer, facts, gov.now);
      if (d.allow || recordDenials) decisions.push([c, d]);
      return d.allow;
    });
  if (!may(e.summary.shows, true)) return { text: null, decisions };
  return { text: textOf(e, !!e.detail && may(e.detail.shows, false)), decisions };
}

function summarised(e: SourceEvent, ctx: GovernedContext): Promise<Summarised> {
  let s = summaries.get(e);
  if (!s) summaries.set(e, (s = summarise(e, ctx)));
  return s;
}

/**
 * `summary` and `redacted` of every source's event type. The shield already guards both fields;
 * the summary is also withheld unless the viewer may see the fields it puts in words, and those
 * fields go into the access report, so the audit trail names what the viewer actually saw.
 */
export const sourceEventResolvers = {
  summary: async (e: SourceEvent, _args: unknown, ctx: GovernedContext): Promise<string | null> => {
    const s = await summarised(e, ctx);
    for (const [c, d] of s.decisions) {
      if (d.allow) ctx.gov.access.allowed(e.nhsNumber, c, d.breakGlass, d.notify);
      else ctx.gov.access.denied(e.nhsNumber, c, d.reason);
    }
    return s.text;
  },
  redacted: async (e: SourceEvent, _args: unknown, ctx: GovernedContext): Promise<boolean> =>
    (await summarised(e, ctx)).text === null,
};
