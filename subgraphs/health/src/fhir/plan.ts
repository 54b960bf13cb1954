import type { PersonRegistration } from '@care/common';
import { ENTERED_IN_ERROR, type AllergyDoc, type PatientDoc } from '../store/port';
import { isImportedType, mapEntry, subjectOf, type Mapped, type Section, type SectionDocs } from './entries';
import { extensionUse } from './extensions';
import type { FoundResource, ImportProblem, ParsedDocuments } from './parse';
import {
  nhsNumberOf,
  readPatient,
  resolvePatient,
  ResourceIndex,
  type PatientEntry,
  type PatientLookup,
} from './patients';
import type { List, Patient } from './r4';
import { ALLERGY_LIST, NIL_KNOWN, SYSTEM } from './terminology';
import { problemAt, validationProblems } from './validate';
import { FieldProblem, hasCode, relativeReference } from './values';

/** What the store already holds that the plan depends on. */
export interface KnownRecords {
  /** Patients imported before, `Patient/<id>` to NHS number. */
  links: ReadonlyMap<string, string>;
  /** Existing patient documents, by NHS number. */
  patients: ReadonlyMap<string, PatientDoc>;
  /**
   * NHS numbers an IG admin confirmed for patients that were held for matching, by Patient id:
   * taken as verified, so the patient's held resources attach to that person.
   */
  confirmed?: ReadonlyMap<string, string>;
}

/** A patient held for matching: the files that hold them and the resources about them. */
export interface HeldPatient {
  patientId: string;
  files: string[];
}

export interface ImportSummary {
  /** Resources stored, by FHIR resource type. */
  imported: Record<string, number>;
  /** Resources not stored, by type and why (a type this record does not hold, a planned encounter…). */
  skipped: { resourceType: string; reason: string; count: number }[];
  /** Extensions ignored, by URL. */
  ignoredExtensions: { url: string; count: number }[];
  /** "No known allergies" statements taken onto patients' records. */
  noKnownAllergyStatements: number;
  /** Patients without a verified NHS number, sent to the person index's matching queue. */
  heldForMatching: number;
  /** Clinical resources of patients held for matching: attached to nobody. */
  notAttached: number;
}

export type SectionPlan = { [S in Section]: SectionDocs[S][] };

export interface ImportPlan {
  patients: PatientDoc[];
  sections: SectionPlan;
  /** `Patient/<id>` to NHS number, so later files may reference these patients. */
  links: { ref: string; nhsNumber: string }[];
  registrations: PersonRegistration[];
  /** Everyone whose record the import writes. */
  people: string[];
  /** Patients held for matching (those with an id later files and a match can name). */
  held: HeldPatient[];
  summary: ImportSummary;
}

export type PlanResult =
  { ok: true; plan: ImportPlan } | { ok: false; problems: ImportProblem[]; summary: ImportSummary };

const SKIPPED = 'not held by this record';

const emptySections = (): SectionPlan => ({
  conditions: [],
  medications: [],
  allergies: [],
  encounters: [],
  flags: [],
  observations: [],
});

/** An "allergies: nil known" List, UK Core's other way of saying "no known allergies". */
const isNilKnownAllergyList = (r: List): boolean =>
  hasCode(r.code, SYSTEM.snomed, ALLERGY_LIST) &&
  hasCode(r.emptyReason, SYSTEM.listEmptyReason, NIL_KNOWN) &&
  (r.entry ?? []).length === 0;

/** A current, real allergy: it contradicts "no known allergies". */
const isCurrentAllergy = (a: AllergyDoc): boolean =>
  a.verificationStatus !== ENTERED_IN_ERROR &&
  a.verificationStatus !== 'refuted' &&
  a.clinicalStatus !== 'inactive' &&
  a.clinicalStatus !== 'resolved';

/** The store lookups a plan needs: earlier patients by `Patient/<id>`, and existing records by NHS number. */
export function lookupsFor(parsed: ParsedDocuments, links: ReadonlyMap<string, string> = new Map()) {
  const index = new ResourceIndex(parsed.resources);
  const refs = new Set<string>();
  const nhsNumbers = new Set<string>(links.values());
  for (const f of parsed.resources) {
    if (f.resource.resourceType === 'Patient') {
      const n = nhsNumberOf(f.resource as Patient).nhsNumber;
      if (n) nhsNumbers.add(n);
      continue;
    }
    if (!isImportedType(f.resource.resourceType) && f.resource.resourceType !== 'List') continue;
    const ref = subjectOf(f.resource);
    if (ref?.reference && !ref.reference.startsWith('#') && !index.resolve(ref.reference, f)) {
      const rel = relativeReference(ref.reference);
      if (rel?.startsWith('Patient/')) refs.add(rel);
    }
    const target = resolvePatient(ref, f, { index, entries: new Map(), links });
    if (target.kind === 'nhs') nhsNumbers.add(target.nhsNumber);
  }
  return { refs: [...refs], nhsNumbers: [...nhsNumbers] };
}

class Tally {
  readonly imported: Record<string, number> = {};
  private readonly skipped = new Map<string, { resourceType: string; reason: string; count: number }>();
  private readonly extensions = new Map<string, number>();

  add(type: string): void {
    this.imported[type] = (this.imported[type] ?? 0) + 1;
  }

  skip(resourceType: string, reason: string): void {
    const key = `${resourceType}|${reason}`;
    const s = this.skipped.get(key) ?? { resourceType, reason, count: 0 };
    s.count++;
    this.skipped.set(key, s);
  }

  extension(url: string, n: number): void {
    this.extensions.set(url, (this.extensions.get(url) ?? 0) + n);
  }

  summary(
    extra: Pick<ImportSummary, 'noKnownAllergyStatements' | 'heldForMatching' | 'notAttached'>,
  ): ImportSummary {
    return {
      imported: this.imported,
      skipped: [...this.skipped.values()].sort((a, b) => a.resourceType.localeCompare(b.resourceType)),
      ignoredExtensions: [...this.extensions]
        .map(([url, count]) => ({ url, count }))
        .sort((a, b) => b.count - a.count),
      ...extra,
    };
  }
}

/**
 * Validates everything in the documents and, only when nothing is wrong, says exactly what to
 * write: pure, so the same documents and store state always give the same plan. Ids are
 * deterministic and writes are upserts, so importing the same file twice changes nothing.
 */
export function planImport(parsed: ParsedDocuments, known: KnownRecords): PlanResult {
  const problems: ImportProblem[] = [...parsed.problems];
  const tally = new Tally();
  const index = new ResourceIndex(parsed.resources);
  const entries = new Map<FoundResource['resource'], PatientEntry>();
  const clinical: FoundResource[] = [];

  const accept = (f: FoundResource): boolean => {
    const invalid = validationProblems(f);
    problems.push(...invalid);
    const use = extensionUse(f.resource, f.resource.resourceType);
    for (const m of use.modifiers) {
      problems.push(
        problemAt(f, m.location, `modifier extension ${m.url} is not understood, so it cannot be ignored`),
      );
    }
    for (const [url, n] of use.ignored) tally.extension(url, n);
    return invalid.length === 0 && use.modifiers.length === 0;
  };

  for (const f of parsed.resources) {
    const type = f.resource.resourceType;
    if (type === 'Patient') {
      if (!accept(f)) continue;
      try {
        const entry = readPatient(f, index);
        const confirmed = f.resource.id ? known.confirmed?.get(f.resource.id) : undefined;
        entries.set(f.resource, confirmed ? { ...entry, nhsNumber: confirmed, heldReason: null } : entry);
      } catch (e) {
        if (!(e instanceof FieldProblem)) throw e;
        problems.push(problemAt(f, e.location, e.message));
      }
    } else if (isImportedType(type) || (type === 'List' && isNilKnownAllergyList(f.resource as List))) {
      if (accept(f)) clinical.push(f);
    } else {
      tally.skip(type, SKIPPED);
    }
  }

  // One person per NHS number, and one NHS number per Patient id, across the whole import.
  const byNhs = new Map<string, PatientEntry>();
  const byId = new Map<string, PatientEntry>();
  for (const e of entries.values()) {
    const id = e.found.resource.id;
    const other = id ? byId.get(id) : undefined;
    if (other && other.sentNhsNumber !== e.sentNhsNumber) {
      problems.push(
        problemAt(e.found, 'Patient.id', `Patient/${id} appears twice with different NHS numbers`),
      );
    }
    if (id) byId.set(id, e);
    if (!e.nhsNumber) continue;
    const same = byNhs.get(e.nhsNumber);
    if (
      same &&
      JSON.stringify([same.demographics, same.gpPractice]) !== JSON.stringify([e.demographics, e.gpPractice])
    ) {
      problems.push(
        problemAt(e.found, 'Patient', `NHS number ${e.nhsNumber} appears twice with different details`),
      );
    }
    byNhs.set(e.nhsNumber, e);
  }

  const lookup: PatientLookup = { index, entries, links: known.links };
  const sections = emptySections();
  const nka = new Map<string, boolean>();
  let notAttached = 0;
  let nkaStatements = 0;
  const heldFiles = new Map<PatientEntry, Set<string>>();
  for (const e of entries.values())
    if (!e.nhsNumber && e.found.resource.id) heldFiles.set(e, new Set([e.found.file]));
  for (const f of clinical) {
    const type = f.resource.resourceType;
    const target = resolvePatient(subjectOf(f.resource), f, lookup);
    if (target.kind === 'not-a-patient') {
      tally.skip(type, `about a ${target.type}, not a patient`);
      continue;
    }
    if (target.kind === 'unresolved') {
      problems.push(
        problemAt(f, type === 'AllergyIntolerance' ? `${type}.patient` : `${type}.subject`, target.message),
      );
      continue;
    }
    if (target.kind === 'nhs' && !byNhs.has(target.nhsNumber) && !known.patients.has(target.nhsNumber)) {
      problems.push(
        problemAt(
          f,
          null,
          `patient ${target.nhsNumber} is not known to health: include their Patient resource`,
        ),
      );
      continue;
    }
    const nhsNumber = target.kind === 'entry' ? target.entry.nhsNumber : target.nhsNumber;
    let mapped: Mapped;
    try {
      mapped =
        type === 'List'
          ? { kind: 'no-known-allergies', value: true }
          : mapEntry(f, index, nhsNumber ?? 'held');
    } catch (e) {
      if (!(e instanceof FieldProblem)) throw e;
      problems.push(problemAt(f, e.location, e.message));
      continue;
    }
    if (nhsNumber === null) {
      // Validated like the rest, but never guessed onto anyone: the patient awaits matching, and
      // the files are kept so that confirming the match attaches these resources.
      notAttached++;
      if (target.kind === 'entry') heldFiles.get(target.entry)?.add(f.file);
      continue;
    }
    if (mapped.kind === 'skip') {
      tally.skip(type, mapped.reason);
    } else if (mapped.kind === 'no-known-allergies') {
      nkaStatements++;
      nka.set(nhsNumber, (nka.get(nhsNumber) ?? false) || mapped.value);
    } else {
      (sections[mapped.section] as SectionDocs[Section][]).push(mapped.doc);
      tally.add(type);
    }
  }

  const summaryOf = () =>
    tally.summary({
      noKnownAllergyStatements: nkaStatements,
      heldForMatching: [...entries.values()].filter((e) => !e.nhsNumber).length,
      notAttached,
    });
  if (problems.length > 0) return { ok: false, problems, summary: summaryOf() };

  // Patient documents: those in the import, and those whose "no known allergies" statement changes.
  const currentAllergy = new Set(sections.allergies.filter(isCurrentAllergy).map((a) => a.nhsNumber));
  const touched = new Set([...byNhs.keys(), ...nka.keys(), ...currentAllergy]);
  const patients: PatientDoc[] = [];
  for (const nhsNumber of [...touched].sort()) {
    const existing = known.patients.get(nhsNumber);
    const entry = byNhs.get(nhsNumber);
    const noKnownAllergies =
      nka.get(nhsNumber) ?? (currentAllergy.has(nhsNumber) ? false : (existing?.noKnownAllergies ?? false));
    if (entry) {
      tally.add('Patient');
      patients.push({
        _id: nhsNumber,
        nhsNumber,
        // A hospital's Patient seldom names the GP: an unstated practice keeps the registration.
        registeredPractice: entry.gpPractice ?? existing?.registeredPractice ?? null,
        demographics: entry.demographics,
        noKnownAllergies,
        source: entry.found.resource.meta?.source?.trim() || existing?.source || 'FHIR import',
      });
    } else if (existing && existing.noKnownAllergies !== noKnownAllergies) {
      patients.push({ ...existing, noKnownAllergies });
    }
  }
  const practiceOf = new Map(patients.map((p) => [p.nhsNumber, p.registeredPractice]));
  const registrations: PersonRegistration[] = [...entries.values()].map((e) => ({
    source: 'HEALTH',
    nhsNumber: e.nhsNumber,
    localId: e.found.resource.id ?? null,
    givenName: e.demographics.givenName ?? '',
    familyName: e.demographics.familyName ?? '',
    dateOfBirth: e.demographics.dateOfBirth ?? '',
    postcode: e.demographics.postcode,
    gpPractice: e.nhsNumber ? (practiceOf.get(e.nhsNumber) ?? null) : (e.gpPractice ?? null),
  }));
  const links = [...entries.values()].flatMap((e) =>
    e.nhsNumber && e.found.resource.id
      ? [{ ref: `Patient/${e.found.resource.id}`, nhsNumber: e.nhsNumber }]
      : [],
  );
  const people = new Set([
    ...patients.map((p) => p.nhsNumber),
    ...Object.values(sections)
      .flat()
      .map((d) => d.nhsNumber),
  ]);
  return {
    ok: true,
    plan: {
      patients,
      sections,
      links,
      registrations,
      people: [...people].sort(),
      held: [...heldFiles].map(([e, files]) => ({
        patientId: e.found.resource.id as string,
        files: [...files].sort(),
      })),
      summary: summaryOf(),
    },
  };
}
