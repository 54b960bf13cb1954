import type { CodeableConcept, Coding, Identifier, Reference } from './r4';
import { SYSTEM } from './terminology';

/** A value in a resource this system cannot store as it stands: the whole document is refused. */
export class FieldProblem extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldProblem';
  }
}

const CODE_PREFERENCE: readonly string[] = [SYSTEM.snomed, SYSTEM.dmd, SYSTEM.loinc];

/** The code to keep: SNOMED CT, then dm+d, then LOINC, then whatever coding has a code. */
export function codeOf(cc: CodeableConcept | undefined): string | null {
  const codings = (cc?.coding ?? []).filter(
    (c): c is Coding & { code: string } => typeof c.code === 'string',
  );
  for (const system of CODE_PREFERENCE) {
    const found = codings.find((c) => c.system === system);
    if (found) return found.code;
  }
  return codings[0]?.code ?? null;
}

/** What a concept says in words: its text, else the first coding's display. */
export function textOf(cc: CodeableConcept | undefined): string | null {
  const text = cc?.text?.trim() || cc?.coding?.find((c) => c.display?.trim())?.display?.trim();
  return text || null;
}

/** The code from the coding in `system` (or any coding when no system matches). */
export function statusOf(cc: CodeableConcept | undefined, system: string): string | null {
  const codings = cc?.coding ?? [];
  return (codings.find((c) => c.system === system) ?? codings[0])?.code ?? null;
}

export const hasCode = (cc: CodeableConcept | undefined, system: string, code: string): boolean =>
  (cc?.coding ?? []).some((c) => c.system === system && c.code === code);

export function identifierValue(ids: Identifier[] | Identifier | undefined, system: string): string | null {
  const list = Array.isArray(ids) ? ids : ids ? [ids] : [];
  const v = list.find((i) => i.system === system)?.value?.trim();
  return v || null;
}

const DATE = /^(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

const realDay = (y: string, m: string, d: string): boolean => {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d)
  );
};

/**
 * A FHIR date or dateTime as the calendar date it was recorded on (YYYY-MM-DD, or a partial
 * YYYY / YYYY-MM as given). The local date is kept: a 00:30+01:00 onset happened that day.
 */
export function dateOf(value: string | undefined, location: string): string | null {
  if (value === undefined) return null;
  const dt = DATE_TIME.exec(value);
  if (dt) {
    if (!realDay(dt[1], dt[2], dt[3])) throw new FieldProblem(location, `${value} is not a real date`);
    return value.slice(0, 10);
  }
  const d = DATE.exec(value);
  if (!d) throw new FieldProblem(location, `${value} is not a FHIR date or dateTime`);
  if (d[5] && !realDay(d[1], d[3], d[5])) throw new FieldProblem(location, `${value} is not a real date`);
  return value;
}

/** A full date (YYYY-MM-DD), e.g. a birth date the person index can match on. */
export function fullDateOf(value: string | undefined, location: string): string | null {
  const d = dateOf(value, location);
  if (d !== null && d.length !== 10)
    throw new FieldProblem(location, `${value} must be a full date (YYYY-MM-DD)`);
  return d;
}

/**
 * An instant in the one form the store compares as text (YYYY-MM-DDTHH:MM:SS.sssZ). A bare date
 * is taken as midnight UTC; a partial date is refused, since it would sort before the real time.
 */
export function instantOf(value: string | undefined, location: string): string | null {
  if (value === undefined) return null;
  if (DATE_TIME.test(value)) {
    dateOf(value, location);
    return new Date(value).toISOString();
  }
  const d = dateOf(value, location);
  if (d === null || d.length !== 10) {
    throw new FieldProblem(location, `${value} must be at least a full date`);
  }
  return `${d}T00:00:00.000Z`;
}

/** The reference's target type, e.g. `Patient` from `Patient/123` or an absolute URL. */
export function referenceType(ref: Reference): string | null {
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
    ref.reference ?? '',
  );
  return m ? m[1] : null;
}

/** `Type/id` of a relative or absolute literal reference, without its version. */
export function relativeReference(reference: string): string | null {
  const m = /(?:^|\/)([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
    reference,
  );
  return m ? m[1] : null;
}
