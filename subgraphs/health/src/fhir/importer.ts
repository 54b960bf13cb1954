import { badInput, type PersonRegistration, type RegistrationResult } from '@care/common';
import type { HealthStore } from '../store/port';
import type { HeldFhirRecords } from './held';
import type { FhirPatientLinks } from './links';
import { parseDocuments, type FhirDocument, type ImportProblem } from './parse';
import { lookupsFor, planImport, type ImportPlan, type ImportSummary, type SectionPlan } from './plan';

export interface FhirImportOutcome {
  /** False when problems were found: then nothing at all was written. */
  imported: boolean;
  summary: ImportSummary;
  problems: ImportProblem[];
  /** NHS numbers whose health record the import wrote. */
  people: string[];
  /** Patients the person index linked, and those it holds for matching (with why). */
  linked: number;
  held: RegistrationResult['held'];
}

const PATIENT_FIELDS = ['registeredPractice', 'demographics', 'noKnownAllergies', 'source'];
/** The governance API takes registrations in bounded batches. */
const REGISTRATION_BATCH = 500;

export type RegisterPeople = (entries: PersonRegistration[]) => Promise<RegistrationResult>;

/**
 * Imports FHIR R4 documents into the health store: everything is validated first, and only a
 * document set with no problems is written; then the person index is told who health now knows.
 */
export class FhirImporter {
  constructor(
    private readonly health: HealthStore,
    private readonly links: FhirPatientLinks,
    private readonly held: HeldFhirRecords,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async import(
    documents: readonly FhirDocument[],
    registerPeople: RegisterPeople,
  ): Promise<FhirImportOutcome> {
    const result = await this.plan(documents);
    if (!result.ok) {
      return {
        imported: false,
        summary: result.summary,
        problems: result.problems,
        people: [],
        linked: 0,
        held: [],
      };
    }
    const { plan } = result;
    await this.write(plan);
    await this.held.keep(documents, plan.held, this.clock());
    const registered: RegistrationResult = { linked: [], held: [] };
    for (let i = 0; i < plan.registrations.length; i += REGISTRATION_BATCH) {
      const r = await registerPeople(plan.registrations.slice(i, i + REGISTRATION_BATCH));
      registered.linked.push(...r.linked);
      registered.held.push(...r.held);
    }
    return {
      imported: true,
      summary: plan.summary,
      problems: [],
      people: plan.people,
      linked: registered.linked.length,
      held: registered.held,
    };
  }

  /**
   * Attaches what was held for a patient to the NHS number an IG admin confirmed: their files are
   * imported again with that number taken as verified, and only that person's record is written
   * (the files' other patients were imported the first time, and may have changed since).
   * Returns how many resources were attached; 0 when nothing was held for the patient.
   */
  async link(patientId: string, nhsNumber: string): Promise<number> {
    const documents = await this.held.documentsOf(patientId);
    if (!documents) return 0;
    const result = await this.plan(documents, new Map([[patientId, nhsNumber]]));
    if (!result.ok) {
      throw badInput(
        `The held documents no longer import: ${result.problems.map((p) => p.message).join('; ')}`,
      );
    }
    const mine = <T extends { nhsNumber: string }>(docs: T[]) =>
      docs.filter((d) => d.nhsNumber === nhsNumber);
    const { plan } = result;
    const s = plan.sections;
    const sections: SectionPlan = {
      conditions: mine(s.conditions),
      medications: mine(s.medications),
      allergies: mine(s.allergies),
      encounters: mine(s.encounters),
      flags: mine(s.flags),
      observations: mine(s.observations),
    };
    const own = {
      patients: mine(plan.patients),
      sections,
      links: plan.links.filter((l) => l.ref === `Patient/${patientId}`),
    };
    await this.write(own);
    await this.held.release(patientId);
    return own.patients.length + Object.values(sections).reduce((n, docs: unknown[]) => n + docs.length, 0);
  }

  private async plan(documents: readonly FhirDocument[], confirmed?: ReadonlyMap<string, string>) {
    const parsed = parseDocuments(documents);
    const first = lookupsFor(parsed);
    const links = await this.links.find(first.refs);
    const nhsNumbers = [
      ...new Set([...lookupsFor(parsed, links).nhsNumbers, ...(confirmed?.values() ?? [])]),
    ];
    const patients = nhsNumbers.length ? await this.health.patientsByNhs(nhsNumbers, PATIENT_FIELDS) : [];
    return planImport(parsed, {
      links,
      patients: new Map(patients.map((p) => [p.nhsNumber, p])),
      confirmed,
    });
  }

  private async write(plan: Pick<ImportPlan, 'patients' | 'sections' | 'links'>): Promise<void> {
    await this.health.putPatients(plan.patients);
    await this.putSections(plan.sections);
    await this.links.put(plan.links);
  }

  private async putSections(s: SectionPlan): Promise<void> {
    await this.health.putConditions(s.conditions);
    await this.health.putMedications(s.medications);
    await this.health.putAllergies(s.allergies);
    await this.health.putEncounters(s.encounters);
    await this.health.putFlags(s.flags);
    await this.health.putObservations(s.observations);
  }
}
