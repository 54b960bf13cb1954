/** Test support for the FHIR import: NHS England's UK Core examples, and an importer over a memory store. */
import { NedbStore, type PersonRegistration, type RegistrationResult } from '@care/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HealthDocStore } from '../../store/doc-store';
import { HeldFhirRecords } from '../held';
import { FhirImporter } from '../importer';
import { FhirPatientLinks } from '../links';
import { SYSTEM } from '../terminology';

/**
 * The UK Core examples the issue names, as NHS England wrote them: ../shared/fixtures/fhir-uk-core
 * beside the repository (or FHIR_FIXTURES_DIR). They are inputs from outside, so they are not copied in.
 */
export const UK_CORE_DIR =
  process.env.FHIR_FIXTURES_DIR ?? resolve(__dirname, '../../../../../../shared/fixtures/fhir-uk-core');
if (!existsSync(UK_CORE_DIR)) {
  throw new Error(
    `UK Core fixtures not found at ${UK_CORE_DIR}: put shared/ beside the repository or set FHIR_FIXTURES_DIR`,
  );
}

/** The NHS number UK Core's example patient, Richard Smith, carries. */
export const UK_CORE_NHS = '9912003888';

export function ukCoreFixtures(): { name: string; text: string }[] {
  return readdirSync(UK_CORE_DIR)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(UK_CORE_DIR, name), 'utf8') }));
}

/** Patients first, as the import tool sends them, so a Condition on its own finds its patient. */
export const patientFirst = <T extends { text: string }>(docs: T[]): T[] =>
  [...docs].sort((a, b) => Number(/<Patient[\s>]/.test(b.text)) - Number(/<Patient[\s>]/.test(a.text)));

/** An importer over an in-memory store, with a person index that links valid numbers and holds the rest. */
export function memoryImporter() {
  const store = new NedbStore(null);
  const health = new HealthDocStore(store);
  const links = new FhirPatientLinks(store);
  const registered: PersonRegistration[] = [];
  const register = async (entries: PersonRegistration[]): Promise<RegistrationResult> => {
    registered.push(...entries);
    return {
      linked: entries.flatMap((e) => (e.nhsNumber ? [e.nhsNumber] : [])),
      held: entries
        .filter((e) => !e.nhsNumber)
        .map((e) => ({ localId: e.localId, reason: 'no verified NHS number' })),
    };
  };
  const held = new HeldFhirRecords(store);
  const importer = new FhirImporter(health, links, held);
  return {
    store,
    health,
    links,
    registered,
    importer,
    held,
    run: (docs: { name?: string; text: string }[]) =>
      importer.import(
        docs.map((d, i) => ({ name: d.name ?? `doc-${i}`, text: d.text })),
        register,
      ),
    /** Every document the import may write, by collection, in id order: to see that nothing changed. */
    async dump(): Promise<Record<string, unknown[]>> {
      const out: Record<string, unknown[]> = {};
      for (const c of [
        'patients',
        'conditions',
        'medications',
        'allergies',
        'encounters',
        'flags',
        'observations',
      ]) {
        out[c] = await store.collection(c).find({}, { sort: { _id: 1 } });
      }
      return out;
    },
  };
}

type Json = Record<string, unknown>;

/** A Patient with an NHS number (or none), a name and a birth date. */
export function patient(id: string, nhsNumber: string | null, extra: Json = {}): Json {
  return {
    resourceType: 'Patient',
    id,
    identifier: nhsNumber ? [{ system: SYSTEM.nhsNumber, value: nhsNumber }] : [],
    name: [{ use: 'official', family: 'Okoro', given: ['Ada'] }],
    gender: 'female',
    birthDate: '1941-03-02',
    address: [{ use: 'home', postalCode: 'W12 9AA' }],
    ...extra,
  };
}

export function condition(id: string, subject: string, extra: Json = {}): Json {
  return {
    resourceType: 'Condition',
    id,
    code: { coding: [{ system: SYSTEM.snomed, code: '38341003', display: 'Hypertension' }] },
    subject: { reference: subject },
    onsetDateTime: '2015-01-01',
    ...extra,
  };
}

export function allergy(id: string, subject: string, code: string, display: string, extra: Json = {}): Json {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    code: { coding: [{ system: SYSTEM.snomed, code, display }] },
    patient: { reference: subject },
    ...extra,
  };
}

/** A Bundle whose entries have urn:uuid fullUrls made from their ids (or the given ones). */
export function bundle(type: string, resources: Json[], fullUrls: (string | undefined)[] = []): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type,
    entry: resources.map((resource, i) => ({
      fullUrl: fullUrls[i] ?? `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resource,
    })),
  });
}
