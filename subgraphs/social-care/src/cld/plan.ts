import type { PersonRegistration } from '@care/common';
import type {
  AssessmentDoc,
  CaseStatus,
  ClientDoc,
  ReferralDoc,
  ReferralEventDoc,
  ReferralStatus,
  ServiceDoc,
} from '../store/port';
import type { CldEvent, RowProblem } from './rows';

export type CldImportMode = 'ALL_OR_NOTHING' | 'GOOD_ROWS';

/** What the store already holds that the rows touch. */
export interface ExistingRecords {
  clients: ReadonlyMap<string, Pick<ClientDoc, 'clientId' | 'nhsNumber' | 'borough'>>;
  /** Clients already held under the NHS numbers the file names, whatever their client id. */
  clientsByNhs: ReadonlyMap<string, Pick<ClientDoc, 'clientId' | 'nhsNumber' | 'borough'>>;
  /** Existing events by store id, with whose they are. */
  assessments: ReadonlyMap<string, { clientId: string }>;
  services: ReadonlyMap<string, { clientId: string }>;
  referrals: ReadonlyMap<string, { nhsNumber: string }>;
}

export interface CldPlan {
  clients: ClientDoc[];
  assessments: AssessmentDoc[];
  services: ServiceDoc[];
  referrals: ReferralDoc[];
  registrations: PersonRegistration[];
  /** Rows loaded (duplicates of another row included). */
  loadedRows: number;
  /** Requests already in the referral workflow: left as they are (their status moves there). */
  unchangedReferrals: number;
  /** Requests of people without an NHS number: a referral needs one, so they wait for matching. */
  notAttached: number;
  reviews: number;
}

export interface PlanContext {
  /** Today (ISO date): an assessment starting later is booked, a service ending earlier has ended. */
  today: string;
  /** The import's time (ISO 8601), for new clients' last change. */
  now: string;
  /** A social worker loads only their own local authority's rows. */
  onlyLa: string | null;
}

const timestamp = (date: string) => `${date}T00:00:00.000Z`;

/** A request's outcome (CLD Event_Outcome) as the referral status it reached. */
function requestStatus(e: CldEvent): ReferralStatus {
  if (!e.end) return 'RECEIVED';
  const o = (e.outcome ?? '').toLowerCase();
  if (o.startsWith('nfa')) return 'CLOSED';
  if (o.includes('assessment') || o.includes('review')) return 'ASSESSMENT_BOOKED';
  if (o.includes('service') || o.includes('reablement') || o.includes('end of life'))
    return 'SERVICE_PROVIDED';
  return 'CLOSED';
}

function referral(e: CldEvent, nhsNumber: string): ReferralDoc {
  const status = requestStatus(e);
  const history: ReferralEventDoc[] = [
    {
      status: 'RECEIVED',
      reason: 'Request for support (Client Level Data)',
      by: 'Client Level Data import',
      at: timestamp(e.start),
    },
  ];
  if (status !== 'RECEIVED' && e.end) {
    history.push({ status, reason: e.outcome, by: 'Client Level Data import', at: timestamp(e.end) });
  }
  return {
    _id: e.reference,
    id: e.reference,
    nhsNumber,
    service: 'ASSESSMENT',
    urgency: 'ROUTINE',
    reason: `Request for support: ${e.primarySupportReason}`,
    consentReference: null,
    referredBy: 'Client Level Data import',
    referrerOrg: e.la,
    borough: e.la,
    status,
    history,
    createdAt: timestamp(e.start),
    updatedAt: history[history.length - 1].at,
    idempotencyKey: `cld-${e.reference}`,
  };
}

function assessment(
  e: CldEvent,
  owner: { clientId: string; nhsNumber: string | null },
  today: string,
): AssessmentDoc {
  const status = e.end ? 'complete' : e.start > today ? 'booked' : 'in_progress';
  const outcome = e.type === 'Review' ? `Review${e.outcome ? `: ${e.outcome}` : ''}` : e.outcome;
  return {
    _id: e.reference,
    id: e.reference,
    ...owner,
    kind: e.assessmentKind ?? 'NEEDS',
    status,
    startedOn: e.start,
    completedOn: e.end,
    outcome,
  };
}

function service(
  e: CldEvent,
  owner: { clientId: string; nhsNumber: string | null },
  today: string,
): ServiceDoc {
  return {
    _id: e.reference,
    id: e.reference,
    ...owner,
    kind: e.serviceKind ?? 'HOME_CARE',
    description: e.description ?? `${e.serviceType}: ${e.serviceComponent}`,
    provider: e.provider,
    startDate: e.start,
    endDate: e.end,
    hoursPerWeek: e.hoursPerWeek,
    weeklyCost: e.weeklyCost,
    status: e.end && e.end < today ? 'ended' : e.start > today ? 'planned' : 'active',
  };
}

/** A new client's case status, from what the file says about them. */
function caseStatus(events: CldEvent[], today: string): CaseStatus {
  if (events.some((e) => e.type === 'Request' && !e.end)) return 'AWAITING_ALLOCATION';
  if (events.some((e) => e.type === 'Service' && (!e.end || e.end >= today))) return 'REVIEW';
  if (events.some((e) => (e.type === 'Assessment' || e.type === 'Review') && !e.end))
    return 'AWAITING_ALLOCATION';
  return 'CLOSED';
}

const sameEvent = (a: CldEvent, b: CldEvent) =>
  JSON.stringify({ ...a, line: 0 }) === JSON.stringify({ ...b, line: 0 });

/**
 * Cross-row and store checks, then what to write. Pure. In ALL_OR_NOTHING mode any bad row means
 * nothing is written; in GOOD_ROWS mode the bad rows are left out and the rest are written.
 */
export function planCld(
  events: CldEvent[],
  rowProblems: RowProblem[],
  existing: ExistingRecords,
  mode: CldImportMode,
  cx: PlanContext,
): { plan: CldPlan | null; problems: RowProblem[] } {
  const problems = [...rowProblems];
  const bad = (e: CldEvent, column: string | null, message: string) =>
    problems.push({ line: e.line, column, message });
  const good: CldEvent[] = [];
  const firstOfPerson = new Map<string, CldEvent>();
  const eventAt = new Map<string, CldEvent>();
  const idOfNhs = new Map<string, string>();
  let duplicates = 0;

  for (const e of events) {
    if (cx.onlyLa && e.la !== cx.onlyLa) {
      bad(
        e,
        'LA_Code',
        `${e.la} is not your local authority (${cx.onlyLa}): only its own rows may be loaded`,
      );
      continue;
    }
    const first = firstOfPerson.get(e.personId);
    if (first) {
      const differs = (['la', 'nhsNumber', 'givenName', 'familyName', 'dateOfBirth'] as const).find(
        (k) => first[k] !== e[k],
      );
      if (differs) {
        bad(e, null, `the person's ${differs} differs from line ${first.line} for ${e.personId}`);
        continue;
      }
    }
    const client = existing.clients.get(e.personId);
    // Another authority's records are named by neither borough nor client id: the file's author
    // may not know them, and an error is no way to find out who holds whom.
    if (client && client.borough !== e.la) {
      bad(e, 'LA_Person_Unique_Identifier', `${e.personId} is not a client id of your authority`);
      continue;
    }
    // Held already, or by an earlier row of this file under another id.
    const heldId = e.nhsNumber ? idOfNhs.get(e.nhsNumber) : undefined;
    const held =
      (e.nhsNumber ? existing.clientsByNhs.get(e.nhsNumber) : undefined) ??
      (heldId === undefined ? undefined : { clientId: heldId, borough: e.la });
    if (held && held.clientId !== e.personId) {
      // A second client under the same NHS number would move the person to the file's borough in
      // the person index, and with it the relationship the borough holding them has.
      bad(
        e,
        'NHS_Number',
        held.borough === e.la
          ? `${e.nhsNumber} is already held as client ${held.clientId}: load the person's rows under that id`
          : `${e.nhsNumber} cannot be loaded under a new client id: a person held elsewhere moves by a record transfer, and one held for matching is confirmed in the person index`,
      );
      continue;
    }
    if (client && e.nhsNumber && client.nhsNumber !== e.nhsNumber) {
      bad(
        e,
        'NHS_Number',
        client.nhsNumber
          ? `${e.personId} is held with NHS number ${client.nhsNumber}, not ${e.nhsNumber}`
          : `${e.personId} is held for matching without an NHS number: confirm the match in the person index first`,
      );
      continue;
    }
    const collection = e.type === 'Service' ? 'services' : e.type === 'Request' ? 'referrals' : 'assessments';
    const key = `${collection}|${e.reference}`;
    const twin = eventAt.get(key);
    if (twin) {
      if (sameEvent(twin, e)) duplicates++;
      else
        bad(
          e,
          'Event_Reference',
          `${e.reference} is already used by line ${twin.line} for a different event`,
        );
      continue;
    }
    const owner =
      collection === 'referrals'
        ? existing.referrals.get(e.reference)?.nhsNumber
        : existing[collection].get(e.reference)?.clientId;
    const mine = collection === 'referrals' ? (e.nhsNumber ?? client?.nhsNumber) : e.personId;
    if (owner !== undefined && owner !== mine) {
      bad(e, 'Event_Reference', `${e.reference} is already another person's ${collection.replace(/s$/, '')}`);
      continue;
    }
    if (!first) firstOfPerson.set(e.personId, e);
    if (e.nhsNumber && !idOfNhs.has(e.nhsNumber)) idOfNhs.set(e.nhsNumber, e.personId);
    eventAt.set(key, e);
    good.push(e);
  }

  problems.sort((a, b) => a.line - b.line);
  if (mode === 'ALL_OR_NOTHING' && problems.length > 0) return { plan: null, problems };

  const plan: CldPlan = {
    clients: [],
    assessments: [],
    services: [],
    referrals: [],
    registrations: [],
    loadedRows: good.length + duplicates,
    unchangedReferrals: 0,
    notAttached: 0,
    reviews: 0,
  };
  const byPerson = new Map<string, CldEvent[]>();
  for (const e of good) byPerson.set(e.personId, [...(byPerson.get(e.personId) ?? []), e]);
  for (const [personId, list] of byPerson) {
    const first = list[0];
    const client = existing.clients.get(personId);
    const nhsNumber = client?.nhsNumber ?? first.nhsNumber;
    const owner = { clientId: personId, nhsNumber };
    if (!client) {
      plan.clients.push({
        _id: personId,
        clientId: personId,
        nhsNumber,
        borough: first.la,
        givenName: first.givenName,
        familyName: first.familyName,
        dateOfBirth: first.dateOfBirth,
        caseStatus: caseStatus(list, cx.today),
        allocatedWorker: null,
        childProtection: null,
        contacts: [],
        safeguardingAlerts: [],
        updatedAt: cx.now,
      });
    }
    plan.registrations.push({
      source: 'SOCIAL_CARE',
      nhsNumber,
      localId: personId,
      givenName: first.givenName,
      familyName: first.familyName,
      dateOfBirth: first.dateOfBirth,
      postcode: first.postcode,
      borough: first.la,
    });
    for (const e of list) {
      if (e.type === 'Service') plan.services.push(service(e, owner, cx.today));
      else if (e.type === 'Assessment' || e.type === 'Review') {
        plan.assessments.push(assessment(e, owner, cx.today));
        if (e.type === 'Review') plan.reviews++;
      } else if (!nhsNumber) plan.notAttached++;
      else if (existing.referrals.has(e.reference)) plan.unchangedReferrals++;
      else plan.referrals.push(referral(e, nhsNumber));
    }
  }
  return { plan, problems };
}
