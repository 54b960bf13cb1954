/**
 * Health's timeline events, made from stored entries. Each summary names the fields it puts in
 * words: it is withheld unless the viewer may see them (see @care/common timeline), so a social
 * worker reads where and when someone was in hospital, never why, unless the policy says so.
 */
import { eventInstant, type SourceEvent } from '@care/common';
import type {
  ConditionDoc,
  EncounterDoc,
  EncounterKind,
  FlagDoc,
  FlagKind,
  MedicationDoc,
} from '../store/port';
import type { DischargeNoticeDoc } from '../discharge/types';

export const HEALTH_EVENT_KINDS = [
  'AE_ATTENDANCE',
  'ADMISSION',
  'DISCHARGE',
  'OUTPATIENT',
  'CONDITION_RECORDED',
  'MEDICATION_STARTED',
  'FLAG_RAISED',
  'DISCHARGE_NOTICE',
] as const;
export type HealthEventKind = (typeof HEALTH_EVENT_KINDS)[number];

/** Each stream's id prefix: an event's id is its prefix and the stored entry's id. */
export const PREFIX = {
  encounter: 'encounter:',
  discharge: 'discharge:',
  condition: 'condition:',
  medication: 'medication:',
  flag: 'flag:',
  dischargeNotice: 'discharge-notice:',
} as const;

/** Encounters start events of their own kind: the encounter kinds are event kinds. */
export const ENCOUNTER_EVENT_KINDS: readonly EncounterKind[] = ['AE_ATTENDANCE', 'ADMISSION', 'OUTPATIENT'];

const ENCOUNTER: Record<EncounterKind, [alone: string, at: string]> = {
  AE_ATTENDANCE: ['A&E attendance', 'A&E attendance at'],
  ADMISSION: ['Admitted to hospital', 'Admitted to'],
  OUTPATIENT: ['Outpatient appointment', 'Outpatient appointment at'],
};

/** The flags social care is told about are summarised under the health flag that shows them. */
const FLAG: Partial<Record<FlagKind, [words: string, coordinate: string]>> = {
  FALLS_RISK: ['at risk of falls', 'HealthFlags.fallsRisk'],
  DEMENTIA: ['dementia', 'HealthFlags.dementia'],
  LEARNING_DISABILITY: ['learning disability', 'HealthFlags.learningDisability'],
  END_OF_LIFE: ['end of life care', 'HealthFlags.endOfLife'],
};

type Made = Omit<SourceEvent, 'nhsNumber' | 'at'>;

function at(nhsNumber: string, time: string | null | undefined, made: Made): SourceEvent[] {
  const instant = eventInstant(time);
  return instant ? [{ nhsNumber, at: instant, ...made }] : [];
}

const where = (e: EncounterDoc, [alone, atPlace]: [string, string]) =>
  e.hospital
    ? { text: `${atPlace} ${e.hospital}`, shows: ['Encounter.kind', 'Encounter.hospital'] }
    : { text: alone, shows: ['Encounter.kind'] };

export function encounterStarted(nhsNumber: string, e: EncounterDoc): SourceEvent[] {
  return at(nhsNumber, e.start, {
    id: `${PREFIX.encounter}${e.id}`,
    kind: e.kind,
    link: `HealthRecord.encounters#${e.id}`,
    summary: where(e, ENCOUNTER[e.kind]),
    detail: e.reason ? { text: e.reason, shows: ['Encounter.reason'] } : null,
  });
}

export function discharged(nhsNumber: string, e: EncounterDoc): SourceEvent[] {
  const summary = where(e, ['Discharged from hospital', 'Discharged from']);
  return at(nhsNumber, e.end, {
    id: `${PREFIX.discharge}${e.id}`,
    kind: 'DISCHARGE',
    link: `HealthRecord.encounters#${e.id}`,
    summary: { ...summary, shows: [...summary.shows, 'Encounter.end'] },
  });
}

export function conditionRecorded(nhsNumber: string, c: ConditionDoc): SourceEvent[] {
  return at(nhsNumber, c.onset, {
    id: `${PREFIX.condition}${c.id}`,
    kind: 'CONDITION_RECORDED',
    link: `HealthRecord.conditions#${c.id}`,
    summary: { text: `Condition: ${c.display}`, shows: ['Condition.display'] },
  });
}

export function medicationStarted(nhsNumber: string, m: MedicationDoc): SourceEvent[] {
  return at(nhsNumber, m.start, {
    id: `${PREFIX.medication}${m.id}`,
    kind: 'MEDICATION_STARTED',
    link: `HealthRecord.medications#${m.id}`,
    summary: { text: `Medication started: ${m.display}`, shows: ['Medication.display'] },
  });
}

export function flagRaised(nhsNumber: string, f: FlagDoc): SourceEvent[] {
  const known = FLAG[f.kind];
  return at(nhsNumber, f.since, {
    id: `${PREFIX.flag}${f.id}`,
    kind: 'FLAG_RAISED',
    link: `HealthRecord.clinicalFlags#${f.id}`,
    summary: known
      ? { text: `Flag raised: ${known[0]}`, shows: [known[1]] }
      : { text: `Flag raised: ${f.display}`, shows: ['ClinicalFlag.display'] },
  });
}

/** A notice the hospital sent the person's borough: an assessment is needed, or discharge is planned. */
export function dischargeNoticeSent(nhsNumber: string, n: DischargeNoticeDoc): SourceEvent[] {
  const what = n.kind === 'ASSESSMENT' ? 'Assessment notice' : 'Discharge notice';
  return at(nhsNumber, n.sentAt, {
    id: `${PREFIX.dischargeNotice}${n.id}`,
    kind: 'DISCHARGE_NOTICE',
    link: `Person.dischargeNotices#${n.id}`,
    summary: n.hospital
      ? {
          text: `${what} sent to social care by ${n.hospital}`,
          shows: ['DischargeNotice.kind', 'DischargeNotice.hospital'],
        }
      : { text: `${what} sent to social care`, shows: ['DischargeNotice.kind'] },
    detail: n.plannedDischargeDate
      ? {
          text: `planned discharge ${n.plannedDischargeDate}`,
          shows: ['DischargeNotice.plannedDischargeDate'],
        }
      : null,
  });
}
