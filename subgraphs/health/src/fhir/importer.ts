import type { PersonRegistration, RegistrationResult } from '@care/common';
import type { HealthStore } from '../store/port';
import type { FhirPatientLinks } from './links';
import { parseDocuments, type FhirDocument, type ImportProblem } from './parse';
import { lookupsFor, planImport, type ImportSummary, type SectionPlan } from './plan';

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
  ) {}

  async import(
    documents: readonly FhirDocument[],
    registerPeople: RegisterPeople,
  ): Promise<FhirImportOutcome> {
    const parsed = parseDocuments(documents);
    const first = lookupsFor(parsed);
    const links = await this.links.find(first.refs);
    const { nhsNumbers } = lookupsFor(parsed, links);
    const patients = nhsNumbers.length ? await this.health.patientsByNhs(nhsNumbers, PATIENT_FIELDS) : [];
    const result = planImport(parsed, { links, patients: new Map(patients.map((p) => [p.nhsNumber, p])) });
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
    await this.health.putPatients(plan.patients);
    await this.putSections(plan.sections);
    await this.links.put(plan.links);
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

  private async putSections(s: SectionPlan): Promise<void> {
    await this.health.putConditions(s.conditions);
    await this.health.putMedications(s.medications);
    await this.health.putAllergies(s.allergies);
    await this.health.putEncounters(s.encounters);
    await this.health.putFlags(s.flags);
    await this.health.putObservations(s.observations);
  }
}
