import {
  type AccessGroup,
  badInput,
  decide,
  instantOf,
  type CareContext,
  type PersonFacts,
  RECORD_SOURCES,
  SUBGRAPH_OF_SOURCE,
  type PolicyDocument,
  type RecordSource,
  type Viewer,
} from '@care/common';
import type { BreakGlassAlertDoc, ConsentDoc } from './documents';
import type { Execute } from './matching';

export type TimelineSource = RecordSource | 'GOVERNANCE';
const REMOTE: readonly RecordSource[] = RECORD_SOURCES;
const FIELD: Record<RecordSource, string> = {
  SOCIAL_CARE: 'socialCareEvents',
  HEALTH: 'healthEvents',
  COUNCIL: 'councilEvents',
};

export interface TimelineEvent {
  /**
   * The person the event belongs to (not in the schema): with it on the event, the shield finds
   * whose fields these are on the event itself, where it would otherwise copy every event to add it.
   */
  nhsNumber: string;
  id: string;
  at: string;
  source: TimelineSource;
  kind: string;
  summary: string | null;
  redacted: boolean;
  link: string | null;
}

export interface TimelineArgs {
  first?: number | null;
  after?: string | null;
  sources?: TimelineSource[] | null;
  kinds?: string[] | null;
  from?: string | null;
  to?: string | null;
}

/** Where each source's stream was left: the last event taken from it. */
type Positions = Partial<Record<TimelineSource, [at: string, id: string]>>;

const encode = (p: Positions) => Buffer.from(JSON.stringify(p)).toString('base64url');
function decode(cursor: string): Positions {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    return parsed as Positions;
  } catch {
    throw badInput('after is not a cursor from this timeline');
  }
}

/** Newest first; ties broken by source then id, so the order is total and pages never overlap. */
const newerFirst = (a: TimelineEvent, b: TimelineEvent) =>
  a.at !== b.at
    ? a.at < b.at
      ? 1
      : -1
    : a.source !== b.source
      ? a.source < b.source
        ? -1
        : 1
      : a.id < b.id
        ? 1
        : a.id > b.id
          ? -1
          : 0;

const olderThan = (e: { at: string; id: string }, pos?: [string, string]) =>
  !pos || e.at < pos[0] || (e.at === pos[0] && e.id < pos[1]);

const isoOrNull = (v: string | null | undefined, name: string): string | null => {
  if (!v) return null;
  const at = instantOf(v);
  if (!at) throw badInput(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time with its offset`);
  return at;
};

/** Consent and break-glass events held by governance, shown only where the policy shows them. */
export function governanceEvents(
  consents: ConsentDoc[],
  uses: BreakGlassAlertDoc[],
  policy: PolicyDocument,
  viewer: Viewer,
  facts: PersonFacts,
  now: Date,
): TimelineEvent[] {
  const may = (coordinate: string) => decide(policy, coordinate, viewer, facts, now).allow;
  const out: TimelineEvent[] = [];
  const showConsent = may('Consent.history');
  for (const c of consents) {
    c.history.forEach((h, i) =>
      out.push({
        nhsNumber: c.nhsNumber,
        id: `consent:${c._id}:${i}`,
        at: new Date(h.at).toISOString(),
        source: 'GOVERNANCE',
        kind: `CONSENT_${h.state.toUpperCase()}`,
        summary: showConsent
          ? `Consent for ${c.flow.replace(/_/g, ' ')}: ${h.state}${h.note ? ` (${h.note})` : ''}`
          : null,
        redacted: !showConsent,
        link: `Person.consents#${c._id}`,
      }),
    );
  }
  const showGlass = may('BreakGlassUse.reason');
  for (const u of uses) {
    out.push({
      nhsNumber: u.nhsNumber,
      id: `break-glass:${u._id}`,
      at: new Date(u.at).toISOString(),
      source: 'GOVERNANCE',
      kind: 'BREAK_GLASS',
      summary: showGlass
        ? `Record opened under break-glass by ${u.userName} (${u.reason.replace(/_/g, ' ').toLowerCase()})`
        : null,
      redacted: !showGlass,
      link: `Person.breakGlassUses#${u._id}`,
    });
  }
  return out;
}

const EVENT_FIELDS = 'id at kind summary redacted link';

/**
 * A page of the combined timeline: each source is asked, through the gateway and under the
 * caller's own signed context, for at most first+1 events older than where its stream was left;
 * the streams are merged and each source's position goes into the cursor. No source is ever read
 * in full, and pages have neither duplicates nor gaps. What the sources returned and withheld is
 * handed to `record`, for the audit record of the request the page is for.
 */
export async function timelinePage(
  execute: Execute,
  care: CareContext,
  nhsNumber: string,
  args: TimelineArgs,
  local: TimelineEvent[],
  record: (access: AccessGroup[]) => void,
): Promise<{
  nhsNumber: string;
  events: TimelineEvent[];
  hasNextPage: boolean;
  endCursor: string | null;
  unavailableSources: TimelineSource[];
}> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be 1 to 100');
  const positions = args.after ? decode(args.after) : {};
  const from = isoOrNull(args.from, 'from');
  const to = isoOrNull(args.to, 'to');
  const wanted = new Set<TimelineSource>(args.sources?.length ? args.sources : [...REMOTE, 'GOVERNANCE']);
  const kinds = args.kinds?.length ? args.kinds : null;
  if (kinds && kinds.some((k) => k.length > 60)) throw badInput('Unknown event kind');

  const remote = REMOTE.filter((s) => wanted.has(s));
  const streams = new Map<TimelineSource, TimelineEvent[]>();
  const unavailable: TimelineSource[] = [];
  if (remote.length) {
    const vars: Record<string, unknown> = { n: nhsNumber, limit: first + 1, kinds, from, to };
    const defs = ['$n: NhsNumber!', '$limit: Int', '$kinds: [String!]', '$from: String', '$to: String'];
    const selections = remote.map((s) => {
      const pos = positions[s];
      vars[`${s}_at`] = pos?.[0] ?? null;
      vars[`${s}_id`] = pos?.[1] ?? null;
      defs.push(`$${s}_at: String`, `$${s}_id: ID`);
      return `${s}: ${FIELD[s]}(beforeAt: $${s}_at, beforeId: $${s}_id, limit: $limit, kinds: $kinds, from: $from, to: $to) { ${EVENT_FIELDS} }`;
    });
    const query = `query TimelineSources(${defs.join(', ')}) { person(nhsNumber: $n) { ${selections.join(' ')} } }`;
    const r = await execute(care, query, vars, { foldAccessInto: record });
    const person = (r.data?.person ?? null) as Record<
      string,
      Omit<TimelineEvent, 'source' | 'nhsNumber'>[] | null
    > | null;
    for (const s of remote) {
      const list = person?.[s];
      if (list)
        streams.set(
          s,
          list.map((e) => ({ ...e, source: s, nhsNumber })),
        );
      else if (r.errors.some((e) => e.code === 'SOURCE_UNAVAILABLE' && e.source === SUBGRAPH_OF_SOURCE[s]))
        unavailable.push(s);
    }
  }
  if (wanted.has('GOVERNANCE')) {
    const g = local
      .filter((e) => olderThan(e, positions.GOVERNANCE))
      .filter((e) => (!from || e.at >= from) && (!to || e.at <= to) && (!kinds || kinds.includes(e.kind)))
      .sort(newerFirst)
      .slice(0, first + 1);
    streams.set('GOVERNANCE', g);
  }

  const merged = [...streams.values()].flat().sort(newerFirst);
  const page = merged.slice(0, first);
  const next: Positions = { ...positions };
  const taken = new Map<TimelineSource, number>();
  for (const e of page) {
    next[e.source] = [e.at, e.id];
    taken.set(e.source, (taken.get(e.source) ?? 0) + 1);
  }
  const hasNextPage = [...streams].some(([s, list]) => list.length > (taken.get(s) ?? 0));
  return {
    nhsNumber,
    events: page,
    hasNextPage,
    endCursor: page.length ? encode(next) : (args.after ?? null),
    unavailableSources: unavailable,
  };
}
