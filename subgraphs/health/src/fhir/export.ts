import { createHash } from 'node:crypto';
import {
  ENTERED_IN_ERROR,
  type AllergyDoc,
  type ConditionDoc,
  type EncounterDoc,
  type FlagDoc,
  type MedicationDoc,
  type ObservationDoc,
  type PatientDoc,
} from '../store/port';
import { gpPractice } from '../resolvers/practice';
import type { Bundle, BundleEntry, CodeableConcept, Coding, Quantity, Reference, Resource } from './r4';
import {
  BLOOD_PRESSURE,
  codeSystemOf,
  ENCOUNTER_CLASS_OF,
  EXTENSION,
  FLAG_SNOMED,
  NHS_NUMBER_VERIFIED,
  NO_KNOWN_ALLERGY,
  OWN_SYSTEM,
  SYSTEM,
} from './terminology';

/** Everything the health store holds for one person that an export may carry. */
export interface RecordForExport {
  patient: PatientDoc;
  /** The Patient id the sending system used, or one made from the NHS number. */
  patientId: string;
  conditions: ConditionDoc[];
  medications: MedicationDoc[];
  allergies: AllergyDoc[];
  encounters: EncounterDoc[];
  flags: FlagDoc[];
  observations: ObservationDoc[];
}

/** Whether a schema coordinate (`Condition.onset`) may be exported to this caller. */
export type Allow = (coordinate: string) => boolean;

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const sha = (text: string) => createHash('sha1').update(text).digest('hex');
const fhirId = (id: string) => (FHIR_ID.test(id) ? id : sha(id).slice(0, 24));

/** A stable urn:uuid (version 5 layout) so the same record always exports the same Bundle. */
function uuidOf(name: string): string {
  const h = sha(name);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

function concept(
  code: string | null | undefined,
  text: string | null | undefined,
  system: string,
): CodeableConcept | undefined {
  const coding: Coding[] = code ? [compact({ system, code, display: text ?? undefined })] : [];
  if (coding.length === 0 && !text) return undefined;
  return compact({ coding: coding.length ? coding : undefined, text: text ?? undefined });
}

const status = (system: string, code: string | null | undefined): CodeableConcept | undefined =>
  code ? { coding: [{ system, code }] } : undefined;

const UCUM: Record<string, string> = { kg: 'kg', cm: 'cm', 'mmol/mol': 'mmol/mol', mmHg: 'mm[Hg]', '%': '%' };
/** A number whose text survives a round trip through a JSON number (so "70.0" stays a string). */
const NUMBER = /^-?\d+(\.\d+)?$/;
const exactNumber = (t: string) => NUMBER.test(t) && String(Number(t)) === t;

function quantity(value: string, unit: string): Quantity {
  return compact({
    value: Number(value),
    unit,
    system: UCUM[unit] ? SYSTEM.ucum : undefined,
    code: UCUM[unit],
  });
}

function observationValue(o: Pick<ObservationDoc, 'code' | 'value'>): Record<string, unknown> {
  if (o.value === null) return {};
  const bp = /^(\S+)\/(\S+) (\S+)$/.exec(o.value);
  if (o.code === BLOOD_PRESSURE.panel && bp && exactNumber(bp[1]) && exactNumber(bp[2])) {
    const part = (code: string, v: string) => ({
      code: { coding: [{ system: SYSTEM.loinc, code }] },
      valueQuantity: quantity(v, bp[3]),
    });
    return { component: [part(BLOOD_PRESSURE.systolic, bp[1]), part(BLOOD_PRESSURE.diastolic, bp[2])] };
  }
  const q = /^(\S+) (.+)$/.exec(o.value);
  if (q && exactNumber(q[1])) return { valueQuantity: quantity(q[1], q[2]) };
  return { valueString: o.value };
}

/**
 * A person's health record as a FHIR R4 Bundle (type collection) of UK Core shaped resources,
 * carrying only what `allow` lets through: a resource whose required parts are withheld is left
 * out whole. Each entry carries this gateway's entry id, so importing the export changes nothing.
 */
export function exportBundle(rec: RecordForExport, allow: Allow, timestamp: string): Bundle {
  const nhs = rec.patient.nhsNumber;
  const entries: BundleEntry[] = [];
  const add = (resource: Resource) => {
    entries.push({ fullUrl: uuidOf(`${nhs}|${resource.resourceType}/${resource.id}`), resource });
  };
  const patientUrl = uuidOf(`${nhs}|Patient/${fhirId(rec.patientId)}`);
  const subject: Reference = { reference: patientUrl };
  const own = (_id: string) => [{ system: OWN_SYSTEM.entryId, value: _id }];
  // Provenance: governed where the schema shows it (Condition.source), else it goes with the entry.
  const meta = (type: string, source: string | null) =>
    source && (type !== 'Condition' || allow('Condition.source')) ? { source } : undefined;
  const may = (type: string, field: string) => allow(`${type}.${field}`);

  const p = rec.patient;
  const demo = (field: keyof PatientDoc['demographics']) =>
    allow('HealthRecord.demographics') && may('HealthDemographics', field) ? p.demographics[field] : null;
  const given = demo('givenName');
  const family = demo('familyName');
  const practice =
    p.registeredPractice && allow('HealthRecord.registeredPractice') && may('GpPractice', 'odsCode')
      ? p.registeredPractice
      : null;
  add(
    compact({
      resourceType: 'Patient',
      id: fhirId(rec.patientId),
      meta: { source: p.source },
      identifier: [
        {
          extension: [
            {
              url: EXTENSION.nhsNumberVerification,
              valueCodeableConcept: {
                coding: [{ system: SYSTEM.nhsVerification, code: NHS_NUMBER_VERIFIED }],
              },
            },
          ],
          system: SYSTEM.nhsNumber,
          value: nhs,
        },
      ],
      name:
        given || family
          ? [compact({ use: 'official', family: family ?? undefined, given: given ? [given] : undefined })]
          : undefined,
      gender: demo('sex') ?? undefined,
      birthDate: demo('dateOfBirth') ?? undefined,
      address: demo('postcode') ? [{ use: 'home', postalCode: demo('postcode') }] : undefined,
      generalPractitioner: practice
        ? [
            compact({
              identifier: { system: SYSTEM.ods, value: practice },
              display: may('GpPractice', 'name') ? (gpPractice(practice).name ?? undefined) : undefined,
            }),
          ]
        : undefined,
    }) as Resource,
  );

  const section = (field: string, type: string) => allow(`HealthRecord.${field}`) && may(type, 'id');

  if (p.noKnownAllergies && allow('HealthRecord.noKnownAllergies')) {
    add({
      resourceType: 'AllergyIntolerance',
      id: `nka-${nhs}`,
      clinicalStatus: status(SYSTEM.allergyClinical, 'active'),
      verificationStatus: status(SYSTEM.allergyVerification, 'confirmed'),
      code: { coding: [{ system: SYSTEM.snomed, code: NO_KNOWN_ALLERGY, display: 'No known allergy' }] },
      patient: subject,
    } as Resource);
  }

  if (section('conditions', 'Condition')) {
    for (const c of rec.conditions) {
      const f = (name: string) => may('Condition', name);
      add(
        compact({
          resourceType: 'Condition',
          id: fhirId(c.id),
          meta: meta('Condition', c.source),
          identifier: own(c._id),
          // FHIR (con-5): an entry in error has no clinical status.
          clinicalStatus:
            f('clinicalStatus') && c.verificationStatus !== ENTERED_IN_ERROR
              ? status(SYSTEM.conditionClinical, c.clinicalStatus)
              : undefined,
          verificationStatus: status(SYSTEM.conditionVerification, c.verificationStatus),
          code: concept(f('code') ? c.code : null, f('display') ? c.display : null, SYSTEM.snomed),
          subject,
          onsetDateTime: f('onset') ? (c.onset ?? undefined) : undefined,
        }) as Resource,
      );
    }
  }

  if (section('medications', 'Medication')) {
    for (const m of rec.medications) {
      const f = (name: string) => may('Medication', name);
      const medicine = concept(f('code') ? m.code : null, f('display') ? m.display : null, SYSTEM.dmd);
      if (!f('status') || !medicine) continue;
      add(
        compact({
          resourceType: 'MedicationStatement',
          id: fhirId(m.id),
          meta: meta('Medication', m.source),
          identifier: own(m._id),
          status: m.status,
          medicationCodeableConcept: medicine,
          subject,
          effectiveDateTime: f('start') ? (m.start ?? undefined) : undefined,
          dosage: f('dosage') && m.dosage ? [{ text: m.dosage }] : undefined,
        }) as Resource,
      );
    }
  }

  if (section('allergies', 'Allergy')) {
    for (const a of rec.allergies) {
      const f = (name: string) => may('Allergy', name);
      add(
        compact({
          resourceType: 'AllergyIntolerance',
          id: fhirId(a.id),
          meta: meta('Allergy', a.source),
          identifier: own(a._id),
          // FHIR (ait-2): an entry in error has no clinical status.
          clinicalStatus:
            f('clinicalStatus') && a.verificationStatus !== ENTERED_IN_ERROR
              ? status(SYSTEM.allergyClinical, a.clinicalStatus)
              : undefined,
          verificationStatus: status(SYSTEM.allergyVerification, a.verificationStatus),
          criticality: f('criticality') ? (a.criticality ?? undefined) : undefined,
          code: concept(f('code') ? a.code : null, f('substance') ? a.substance : null, SYSTEM.snomed),
          patient: subject,
          recordedDate: a.recordedDate ?? undefined,
          reaction: f('reaction') && a.reaction ? [{ manifestation: [{ text: a.reaction }] }] : undefined,
        }) as Resource,
      );
    }
  }

  if (section('encounters', 'Encounter')) {
    for (const e of rec.encounters) {
      const f = (name: string) => may('Encounter', name);
      if (!f('kind') || !f('status')) continue;
      const hospital = f('hospital') ? e.hospital : null;
      const code = f('hospitalCode') ? e.hospitalCode : null;
      const expected = f('expectedDischargeDate') ? e.expectedDischargeDate : null;
      add(
        compact({
          resourceType: 'Encounter',
          id: fhirId(e.id),
          meta: meta('Encounter', e.source),
          extension: expected ? [{ url: EXTENSION.expectedDischargeDate, valueDate: expected }] : undefined,
          identifier: own(e._id),
          status: e.status,
          class: { system: SYSTEM.actCode, code: ENCOUNTER_CLASS_OF[e.kind] },
          subject,
          period: compact({
            start: f('start') ? e.start : undefined,
            end: f('end') ? (e.end ?? undefined) : undefined,
          }),
          reasonCode: f('reason') && e.reason ? [{ text: e.reason }] : undefined,
          serviceProvider:
            hospital || code
              ? compact({
                  identifier: code ? { system: SYSTEM.ods, value: code } : undefined,
                  display: hospital ?? undefined,
                })
              : undefined,
        }) as Resource,
      );
    }
  }

  if (section('clinicalFlags', 'ClinicalFlag')) {
    const snomedOf = Object.fromEntries(Object.entries(FLAG_SNOMED).map(([code, kind]) => [kind, code]));
    for (const fl of rec.flags) {
      const f = (name: string) => may('ClinicalFlag', name);
      const coding: Coding[] = f('kind')
        ? [
            { system: OWN_SYSTEM.flagKind, code: fl.kind },
            ...(snomedOf[fl.kind] ? [{ system: SYSTEM.snomed, code: snomedOf[fl.kind] }] : []),
          ]
        : [];
      const text = f('display') ? fl.display : undefined;
      if (coding.length === 0 && !text) continue;
      add(
        compact({
          resourceType: 'Flag',
          id: fhirId(fl.id),
          meta: meta('ClinicalFlag', fl.source),
          identifier: own(fl._id),
          status: fl.status,
          code: compact({ coding: coding.length ? coding : undefined, text }),
          subject,
          period: f('since') && fl.since ? { start: fl.since } : undefined,
        }) as Resource,
      );
    }
  }

  if (section('observations', 'Observation')) {
    for (const o of rec.observations) {
      const f = (name: string) => may('Observation', name);
      const code = concept(
        f('code') ? o.code : null,
        f('display') ? o.display : null,
        codeSystemOf(o.code ?? ''),
      );
      if (!code) continue;
      add(
        compact({
          resourceType: 'Observation',
          id: fhirId(o.id),
          meta: meta('Observation', o.source),
          identifier: own(o._id),
          status: o.status,
          code,
          subject,
          effectiveDateTime: f('effective') ? (o.effective ?? undefined) : undefined,
          ...(f('value') ? observationValue(o) : {}),
        }) as Resource,
      );
    }
  }

  return { resourceType: 'Bundle', type: 'collection', timestamp, entry: entries };
}
