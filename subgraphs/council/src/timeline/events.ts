/**
 * The council's timeline events, all held on the resident's one document. Each summary names the
 * fields it puts in words: it is withheld unless the viewer may see them (see @care/common timeline).
 */
import { eventInstant, type SourceEvent } from '@care/common';
import type { ResidentDoc } from '../store/port';

export const COUNCIL_EVENT_KINDS = [
  'ADDRESS_CHANGED',
  'HOUSING_BENEFIT_AWARDED',
  'INCOME_VERIFIED',
  'ADAPTATION_COMPLETED',
] as const;

/** What the events are made of: the resident document is read projected to these. */
export const COUNCIL_EVENT_FIELDS = ['addressHistory', 'housing', 'housingBenefit'];

type Made = Omit<SourceEvent, 'nhsNumber' | 'at'>;

function at(nhsNumber: string, time: string | null | undefined, made: Made): SourceEvent[] {
  const instant = eventInstant(time);
  return instant ? [{ nhsNumber, at: instant, ...made }] : [];
}

const pounds = (n: number) => `£${n.toFixed(2)}`;

export function residentEvents(
  nhsNumber: string,
  r: Pick<ResidentDoc, 'addressHistory' | 'housing' | 'housingBenefit'>,
): SourceEvent[] {
  const events: SourceEvent[] = [];
  for (const a of r.addressHistory ?? []) {
    events.push(
      ...at(nhsNumber, a.from, {
        id: `address:${a.from}:${a.uprn ?? a.postcode}`,
        kind: 'ADDRESS_CHANGED',
        link: `CouncilRecord.addressHistory#${a.from}`,
        summary: { text: `Moved to ${a.line}, ${a.postcode}`, shows: ['Address.line', 'Address.postcode'] },
      }),
    );
  }
  const hb = r.housingBenefit;
  if (hb) {
    events.push(
      ...at(nhsNumber, hb.awardStart, {
        id: `housing-benefit:${hb.claimReference}`,
        kind: 'HOUSING_BENEFIT_AWARDED',
        link: `CouncilRecord.housingBenefit#${hb.claimReference}`,
        summary:
          hb.weeklyAward != null
            ? {
                text: `Housing benefit awarded: ${pounds(hb.weeklyAward)} a week`,
                shows: ['HousingBenefit.weeklyAward'],
              }
            : { text: 'Housing benefit awarded', shows: ['HousingBenefit.awardStart'] },
      }),
    );
    const income = hb.incomeStatement;
    events.push(
      ...at(nhsNumber, income?.verifiedOn, {
        id: `income-statement:${hb.claimReference}:${income?.verifiedOn}`,
        kind: 'INCOME_VERIFIED',
        link: `HousingBenefit.incomeStatement#${hb.claimReference}`,
        summary: {
          text: `Income statement verified: ${pounds(income?.totalWeekly ?? 0)} a week`,
          shows: ['IncomeStatement.totalWeekly'],
        },
      }),
    );
  }
  // Adaptations carry no id: the date and the order among that day's adaptations name them.
  const onDay = new Map<string, number>();
  for (const a of r.housing?.adaptations ?? []) {
    if (!a.completedOn) continue;
    const n = (onDay.get(a.completedOn) ?? 0) + 1;
    onDay.set(a.completedOn, n);
    events.push(
      ...at(nhsNumber, a.completedOn, {
        id: `adaptation:${a.completedOn}:${n}`,
        kind: 'ADAPTATION_COMPLETED',
        link: `Housing.adaptations#${a.completedOn}`,
        summary: { text: `Adaptation completed: ${a.description}`, shows: ['HomeAdaptation.description'] },
      }),
    );
  }
  return events;
}
