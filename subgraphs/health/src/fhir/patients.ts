import { isValidNhsNumber, normaliseNhsNumber } from '@care/common';
import type { DemographicsDoc } from '../store/port';
import type { FoundResource } from './parse';
import type { Identifier, Organization, Patient, Reference, Resource } from './r4';
import { EXTENSION, NHS_NUMBER_VERIFIED, SYSTEM } from './terminology';
import { FieldProblem, fullDateOf, identifierValue, referenceType, relativeReference } from './values';

/** A Patient resource as this import understands it. */
export interface PatientEntry {
  found: FoundResource;
  /** Set only for a valid, verified NHS number: the only key a record may be attached by. */
  nhsNumber: string | null;
  /** Why the patient is held for matching instead, when they are. */
  heldReason: string | null;
  /** The number as sent (even when it cannot be relied on), for the matching queue. */
  sentNhsNumber: string | null;
  demographics: DemographicsDoc;
  /** ODS code of the registered practice; undefined when the resource does not say. */
  gpPractice: string | undefined;
}

/** Every resource in the import by the keys references use: fullUrl and `Type/id`. */
export class ResourceIndex {
  private readonly byKey = new Map<string, FoundResource>();

  constructor(resources: readonly FoundResource[]) {
    for (const f of resources) {
      if (f.fullUrl) this.byKey.set(f.fullUrl, f);
      if (f.resource.id) this.byKey.set(`${f.resource.resourceType}/${f.resource.id}`, f);
    }
  }

  /** The resource a literal reference points at, inside its own resource (`#id`) or the import. */
  resolve(reference: string, container: FoundResource): Resource | null {
    if (reference.startsWith('#')) {
      return container.resource.contained?.find((c) => c.id === reference.slice(1)) ?? null;
    }
    const exact = this.byKey.get(reference);
    if (exact) return exact.resource;
    const relative = relativeReference(reference);
    return relative ? (this.byKey.get(relative)?.resource ?? null) : null;
  }
}

const verification = (id: Identifier): string | null => {
  const ext = id.extension?.find((e) => e.url === EXTENSION.nhsNumberVerification);
  return ext?.valueCodeableConcept?.coding?.find((c) => c.system === SYSTEM.nhsVerification)?.code ?? null;
};

/** The NHS number a Patient (or a contained one) carries, and whether it can be relied on. */
export function nhsNumberOf(patient: Patient): {
  nhsNumber: string | null;
  sent: string | null;
  held: string | null;
} {
  const id = (patient.identifier ?? []).find((i) => i.system === SYSTEM.nhsNumber && i.value);
  if (!id?.value) return { nhsNumber: null, sent: null, held: 'no NHS number' };
  const sent = normaliseNhsNumber(id.value);
  if (!isValidNhsNumber(sent)) return { nhsNumber: null, sent, held: 'NHS number fails its check digit' };
  const status = verification(id);
  // No status is taken as verified (UK Core only asks for it); any status but 01 is not.
  if (status !== null && status !== NHS_NUMBER_VERIFIED) {
    return { nhsNumber: null, sent, held: `NHS number not verified (status ${status})` };
  }
  return { nhsNumber: sent, sent, held: null };
}

const ODS = /^[A-Z0-9]{3,10}$/;

function odsOf(ref: Reference, container: FoundResource, index: ResourceIndex): string | undefined {
  const direct = ref.identifier?.system === SYSTEM.ods ? ref.identifier.value : undefined;
  const target = ref.reference ? index.resolve(ref.reference, container) : null;
  const viaResource =
    target?.resourceType === 'Organization'
      ? (identifierValue((target as Organization).identifier, SYSTEM.ods) ?? undefined)
      : undefined;
  const code = (direct ?? viaResource)?.trim().toUpperCase();
  if (code === undefined) return undefined;
  if (!ODS.test(code)) throw new FieldProblem('Patient.generalPractitioner', `${code} is not an ODS code`);
  return code;
}

export function readPatient(found: FoundResource, index: ResourceIndex): PatientEntry {
  const p = found.resource as Patient;
  // Names and addresses that ended (old, or with an end date) are history, not the current ones.
  const names = (p.name ?? []).filter((n) => n.use !== 'old' && !n.period?.end);
  const name = names.find((n) => n.use === 'official') ?? names[0] ?? p.name?.[0];
  const givenName = name?.given?.[0]?.trim() || null;
  const familyName = name?.family?.trim() || null;
  if (!givenName && !familyName) {
    throw new FieldProblem('Patient.name', 'a Patient needs a name so the person index can match them');
  }
  const dateOfBirth = fullDateOf(p.birthDate, 'Patient.birthDate');
  if (!dateOfBirth) {
    throw new FieldProblem(
      'Patient.birthDate',
      'a Patient needs a birth date so the person index can match them',
    );
  }
  const addresses = (p.address ?? []).filter(
    (a) => a.use !== 'old' && !a.period?.end && a.postalCode?.trim(),
  );
  const address = addresses.find((a) => a.use === 'home') ?? addresses[0];
  const gp = (p.generalPractitioner ?? []).map((g) => odsOf(g, found, index)).find((c) => c !== undefined);
  const { nhsNumber, sent, held } = nhsNumberOf(p);
  return {
    found,
    nhsNumber,
    heldReason: held,
    sentNhsNumber: sent,
    demographics: {
      givenName,
      familyName,
      dateOfBirth,
      sex: p.gender ?? null,
      postcode: address?.postalCode?.trim().toUpperCase() ?? null,
    },
    gpPractice: gp,
  };
}

/** Who a clinical resource is about. */
export type PatientTarget =
  | { kind: 'entry'; entry: PatientEntry }
  | { kind: 'nhs'; nhsNumber: string }
  | { kind: 'not-a-patient'; type: string }
  | { kind: 'unresolved'; message: string };

export interface PatientLookup {
  index: ResourceIndex;
  /** Patient entries of this import, by their resource. */
  entries: ReadonlyMap<Resource, PatientEntry>;
  /** Patients imported before: `Patient/<id>` to NHS number. */
  links: ReadonlyMap<string, string>;
}

/**
 * Resolves a subject/patient reference: a Patient in the import (by `Patient/<id>` or a Bundle
 * fullUrl such as `urn:uuid:…`), a contained Patient, a Patient imported earlier, or a logical
 * reference by NHS number. Anything else cannot be attached to anyone.
 */
export function resolvePatient(
  ref: Reference | undefined,
  container: FoundResource,
  lookup: PatientLookup,
): PatientTarget {
  if (!ref) return { kind: 'unresolved', message: 'no patient is referenced' };
  if (ref.reference) {
    const type = ref.reference.startsWith('#') ? null : referenceType(ref);
    if (type && type !== 'Patient') return { kind: 'not-a-patient', type };
    const target = lookup.index.resolve(ref.reference, container);
    if (target?.resourceType === 'Patient') {
      const entry = lookup.entries.get(target);
      if (entry) return { kind: 'entry', entry };
      // A contained Patient: only its NHS number matters, and only when it can be relied on.
      const { nhsNumber, held } = nhsNumberOf(target as Patient);
      return nhsNumber
        ? { kind: 'nhs', nhsNumber }
        : { kind: 'unresolved', message: `the contained patient ${ref.reference} has ${held}` };
    }
    if (target) return { kind: 'not-a-patient', type: target.resourceType };
    const relative = relativeReference(ref.reference);
    const linked = relative ? lookup.links.get(relative) : undefined;
    if (linked) return { kind: 'nhs', nhsNumber: linked };
    return {
      kind: 'unresolved',
      message: `${ref.reference} is neither in this import nor a patient imported before`,
    };
  }
  if (ref.identifier?.system === SYSTEM.nhsNumber && ref.identifier.value) {
    const n = normaliseNhsNumber(ref.identifier.value);
    if (!isValidNhsNumber(n)) return { kind: 'unresolved', message: `${n} is not a valid NHS number` };
    return { kind: 'nhs', nhsNumber: n };
  }
  return { kind: 'unresolved', message: 'the patient reference has neither a reference nor an NHS number' };
}
