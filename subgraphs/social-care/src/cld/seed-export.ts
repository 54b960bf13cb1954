import type { Population, SyntheticPerson } from '@care/common';
import { deriveSocialCare } from '../seed';
import type { ClientDoc, ReferralDoc, ReferralStatus } from '../store/port';
import { csvLine } from './csv';
import { ASSESSMENT_TYPE_OF, COLUMNS, SERVICE_OF_KIND, type Column } from './vocabulary';

type Row = Partial<Record<Column, string | number | null>>;

/** The CLD primary support reason the person's situations point to. */
function supportReason(p: SyntheticPerson | undefined): string {
  const has = (s: string) => p?.situations.some((x) => x === s) ?? false;
  if (has('dementia')) return 'Support with Memory & Cognition';
  if (has('learning_disability')) return 'Learning Disability Support';
  if (has('frail_elderly') || has('home_care') || has('end_of_life'))
    return 'Physical Support: Personal Care Support';
  if (has('adaptation')) return 'Physical Support: Access & Mobility only';
  return 'Unknown';
}

/** A referral's status as the outcome of a CLD request: open ones have no end date. */
const REQUEST_OUTCOME: Record<ReferralStatus, string | null> = {
  RECEIVED: null,
  TRIAGED: null,
  ASSESSMENT_BOOKED: 'Progress to Assessment',
  SERVICE_PROVIDED: 'Provision of service',
  DECLINED: 'NFA - No services offered: Other reason',
  CLOSED: 'NFA - Other',
};

function requestRow(r: ReferralDoc): Row {
  const outcome = REQUEST_OUTCOME[r.status];
  return {
    Event_Type: 'Request',
    Event_Reference: r.id,
    Event_Start_Date: r.createdAt.slice(0, 10),
    Event_End_Date: outcome ? r.updatedAt.slice(0, 10) : null,
    Event_Outcome: outcome,
  };
}

/**
 * The synthetic borough's social care events as a Client Level Data CSV: one row per request
 * (referral), assessment (or review) and service, every client with events, held clients (no
 * NHS number) included. Loading it back into the seeded store changes nothing.
 */
export function boroughCld(population: Population): string {
  const seed = deriveSocialCare(population);
  const people = new Map(population.people.map((p) => [p.socialCareClientId, p]));
  const clientOf = new Map(seed.clients.map((c) => [c.clientId, c]));
  const clientOfNhs = new Map(seed.clients.flatMap((c) => (c.nhsNumber ? [[c.nhsNumber, c] as const] : [])));
  const rows: { client: ClientDoc; row: Row }[] = [];
  for (const a of seed.assessments) {
    const client = clientOf.get(a.clientId);
    if (!client) continue;
    const review = a.outcome !== null && (a.outcome === 'Review' || a.outcome.startsWith('Review: '));
    rows.push({
      client,
      row: {
        Event_Type: review ? 'Review' : 'Assessment',
        Event_Reference: a.id,
        Event_Start_Date: a.startedOn,
        Event_End_Date: a.completedOn,
        Event_Outcome: review ? (a.outcome ?? '').replace(/^Review(: )?/, '') || null : a.outcome,
        Assessment_Type: ASSESSMENT_TYPE_OF[a.kind],
      },
    });
  }
  for (const s of seed.services) {
    const client = clientOf.get(s.clientId);
    if (!client) continue;
    rows.push({
      client,
      row: {
        Event_Type: 'Service',
        Event_Reference: s.id,
        Event_Start_Date: s.startDate,
        Event_End_Date: s.endDate,
        Service_Type: SERVICE_OF_KIND[s.kind].type,
        Service_Component: SERVICE_OF_KIND[s.kind].component,
        Service_Description: s.description,
        Provider_Name: s.provider,
        Planned_units_per_week: s.hoursPerWeek,
        Unit_Cost: s.weeklyCost,
        'Cost_Frequency_(Unit_Type)': s.weeklyCost === null ? null : 'Weekly',
      },
    });
  }
  for (const r of seed.referrals) {
    const client = clientOfNhs.get(r.nhsNumber);
    if (client) rows.push({ client, row: requestRow(r) });
  }
  const lines = [csvLine(COLUMNS)];
  for (const { client, row } of rows) {
    const person = people.get(client.clientId);
    const full: Row = {
      LA_Code: client.borough,
      LA_Person_Unique_Identifier: client.clientId,
      NHS_Number: client.nhsNumber,
      First_Name: client.givenName,
      Last_Name: client.familyName,
      Date_of_Birth: client.dateOfBirth,
      Postcode: person?.postcode ?? null,
      Primary_Support_Reason: supportReason(person),
      ...row,
    };
    lines.push(csvLine(COLUMNS.map((c) => full[c] ?? null)));
  }
  return `${lines.join('\r\n')}\r\n`;
}
