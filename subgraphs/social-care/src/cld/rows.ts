import { isCalendarDate, isValidNhsNumber, normaliseNhsNumber } from '@care/common';
import type { AssessmentKind, ServiceKind } from '../store/port';
import type { CsvRecord } from './csv';
import {
  ASSESSMENT_TYPES,
  COLUMNS,
  COST_FREQUENCIES,
  EVENT_TYPES,
  oneOf,
  PRIMARY_SUPPORT_REASONS,
  REQUIRED_COLUMNS,
  SERVICE_COMPONENTS,
  SERVICE_TYPES,
  type Column,
  type EventType,
} from './vocabulary';

/** One valid row: an event in a person's social care journey. */
export interface CldEvent {
  line: number;
  la: string;
  personId: string;
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  type: EventType;
  reference: string;
  start: string;
  end: string | null;
  serviceType: string | null;
  serviceKind: ServiceKind | null;
  serviceComponent: string | null;
  primarySupportReason: string;
  outcome: string | null;
  assessmentKind: AssessmentKind | null;
  description: string | null;
  provider: string | null;
  hoursPerWeek: number | null;
  weeklyCost: number | null;
}

/** A row that cannot be loaded, precisely: its line in the file, the column, what is wrong. */
export interface RowProblem {
  line: number;
  column: string | null;
  message: string;
}

export interface Header {
  /** Where each known column is. */
  at: Map<Column, number>;
  width: number;
  /** Columns this import does not read (CLD has many more): ignored. */
  ignored: string[];
}

export function readHeader(
  record: CsvRecord,
): { ok: true; header: Header } | { ok: false; problems: string[] } {
  const at = new Map<Column, number>();
  const ignored: string[] = [];
  const problems: string[] = [];
  record.cells.forEach((raw, i) => {
    const name = raw.trim();
    const column = COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) {
      ignored.push(name);
      return;
    }
    if (at.has(column)) problems.push(`column ${column} appears twice`);
    at.set(column, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !at.has(c));
  if (missing.length) problems.push(`required columns missing: ${missing.join(', ')}`);
  return problems.length
    ? { ok: false, problems }
    : { ok: true, header: { at, width: record.cells.length, ignored } };
}

const LA_CODE = /^E(0[6-9]|10)\d{6}$/;
const LOCAL_ID = /^[A-Za-z0-9_.\-/]{1,64}$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** YYYY-MM-DD or DD/MM/YYYY, as a real calendar date in ISO form; null if it is not one. */
export function isoDate(raw: string): string | null {
  const iso = ISO_DATE.exec(raw);
  const uk = UK_DATE.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!y || !m || !d) return null;
  const date = `${y}-${m}-${d}`;
  return isCalendarDate(date) ? date : null;
}

/** Checks one data row; every problem in it is reported, each with its column. */
export function readRow(
  record: CsvRecord,
  header: Header,
  today: string,
): { event: CldEvent; problems: [] } | { event: null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (column: Column | null, message: string) =>
    problems.push({ line: record.line, column, message });
  if (record.cells.length !== header.width) {
    bad(null, `has ${record.cells.length} fields where the header has ${header.width}`);
    return { event: null, problems };
  }
  const cell = (c: Column) => {
    const i = header.at.get(c);
    return i === undefined ? '' : record.cells[i].trim();
  };
  const text = (c: Column, max: number, required: boolean): string | null => {
    const v = cell(c);
    if (!v) {
      if (required) bad(c, 'is required');
      return null;
    }
    if (v.length > max) bad(c, `is longer than ${max} characters`);
    return v;
  };
  const date = (c: Column, required: boolean): string | null => {
    const v = cell(c);
    if (!v) {
      if (required) bad(c, 'is required');
      return null;
    }
    const d = isoDate(v);
    if (!d) bad(c, `${v} is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
    return d;
  };
  const number = (c: Column, max: number): number | null => {
    const v = cell(c);
    if (!v) return null;
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || n > max) bad(c, `${v} is not a number from 0 to ${max}`);
    return n;
  };

  const la = cell('LA_Code').toUpperCase();
  if (!LA_CODE.test(la))
    bad('LA_Code', `${la || '(blank)'} is not an ONS local authority code such as E09000013`);
  const personId = cell('LA_Person_Unique_Identifier');
  if (!LOCAL_ID.test(personId)) {
    bad('LA_Person_Unique_Identifier', 'must be 1 to 64 letters, digits or - _ . /');
  }
  const rawNhs = cell('NHS_Number');
  const nhsNumber = rawNhs ? normaliseNhsNumber(rawNhs) : null;
  if (nhsNumber !== null && !isValidNhsNumber(nhsNumber)) {
    bad('NHS_Number', `${rawNhs} is not a valid NHS number (10 digits, modulus 11 check digit)`);
  }
  const givenName = text('First_Name', 100, true);
  const familyName = text('Last_Name', 100, true);
  const dateOfBirth = date('Date_of_Birth', true);
  if (dateOfBirth && dateOfBirth > today) bad('Date_of_Birth', `${dateOfBirth} is in the future`);
  const postcode = cell('Postcode').toUpperCase() || null;
  if (postcode && !POSTCODE.test(postcode)) bad('Postcode', `${postcode} is not a UK postcode`);

  const type = oneOf(EVENT_TYPES, cell('Event_Type'));
  if (!type) bad('Event_Type', `${cell('Event_Type') || '(blank)'} is not one of ${EVENT_TYPES.join(', ')}`);
  const reference = cell('Event_Reference');
  if (!LOCAL_ID.test(reference)) bad('Event_Reference', 'must be 1 to 64 letters, digits or - _ . /');
  const start = date('Event_Start_Date', true);
  const end = date('Event_End_Date', false);
  if (start && end && end < start) bad('Event_End_Date', `${end} is before the start date ${start}`);

  const psr = oneOf(PRIMARY_SUPPORT_REASONS, cell('Primary_Support_Reason'));
  if (!psr)
    bad(
      'Primary_Support_Reason',
      `${cell('Primary_Support_Reason') || '(blank)'} is not a CLD primary support reason`,
    );
  const outcome = text('Event_Outcome', 500, type === 'Request' && end !== null);

  let serviceType: string | null = null;
  let serviceComponent: string | null = null;
  let serviceKind: ServiceKind | null = null;
  if (type === 'Service') {
    serviceType = oneOf(SERVICE_TYPES, cell('Service_Type'));
    if (!serviceType) bad('Service_Type', `${cell('Service_Type') || '(blank)'} is not a CLD service type`);
    serviceComponent = oneOf(Object.keys(SERVICE_COMPONENTS), cell('Service_Component'));
    if (!serviceComponent) {
      bad(
        'Service_Component',
        `${cell('Service_Component') || '(blank)'} is not one of ${Object.keys(SERVICE_COMPONENTS).join(', ')}`,
      );
    } else serviceKind = SERVICE_COMPONENTS[serviceComponent];
  }
  let assessmentKind: AssessmentKind | null = null;
  if (type === 'Assessment' || type === 'Review') {
    const raw = cell('Assessment_Type');
    const label = raw ? oneOf(Object.keys(ASSESSMENT_TYPES), raw) : 'Needs Assessment';
    if (!label) bad('Assessment_Type', `${raw} is not one of ${Object.keys(ASSESSMENT_TYPES).join(', ')}`);
    else assessmentKind = ASSESSMENT_TYPES[label];
  }
  const hoursPerWeek = number('Planned_units_per_week', 168);
  const unitCost = number('Unit_Cost', 100_000);
  const frequency = cell('Cost_Frequency_(Unit_Type)')
    ? oneOf(COST_FREQUENCIES, cell('Cost_Frequency_(Unit_Type)'))
    : null;
  if (cell('Cost_Frequency_(Unit_Type)') && !frequency) {
    bad('Cost_Frequency_(Unit_Type)', `must be one of ${COST_FREQUENCIES.join(', ')}`);
  }
  if (unitCost !== null && !frequency) bad('Cost_Frequency_(Unit_Type)', 'is required with a Unit_Cost');
  const weeklyCost =
    unitCost === null
      ? null
      : frequency === 'Hourly'
        ? hoursPerWeek === null
          ? null
          : Math.round(unitCost * hoursPerWeek * 100) / 100
        : unitCost;
  const description = text('Service_Description', 200, false);
  const provider = text('Provider_Name', 200, false);

  if (problems.length || !type || !psr || !start || !givenName || !familyName || !dateOfBirth) {
    return { event: null, problems };
  }
  return {
    event: {
      line: record.line,
      la,
      personId,
      nhsNumber,
      givenName,
      familyName,
      dateOfBirth,
      postcode,
      type,
      reference,
      start,
      end,
      serviceType,
      serviceKind,
      serviceComponent,
      primarySupportReason: psr,
      outcome,
      assessmentKind,
      description,
      provider,
      hoursPerWeek,
      weeklyCost,
    },
    problems: [],
  };
}
