import { badInput, type DocStore } from '@care/common';
import type { FhirImportResult, MutationResolvers, PersonResolvers } from '../generated/resolvers-types';
import type { HealthStore } from '../store/port';
import { fhirBundleResolver } from './governed-export';
import { FhirImporter, type FhirImportOutcome } from './importer';
import { HeldFhirRecords } from './held';
import { FhirPatientLinks } from './links';

/** Larger documents are refused before they are read (split a big Bundle into several files). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export function importResult(o: FhirImportOutcome): FhirImportResult {
  return {
    imported: o.imported,
    stored: Object.entries(o.summary.imported).map(([resourceType, count]) => ({ resourceType, count })),
    skipped: o.summary.skipped,
    ignoredExtensions: o.summary.ignoredExtensions,
    noKnownAllergyStatements: o.summary.noKnownAllergyStatements,
    linkedPatients: o.linked,
    heldForMatching: o.held,
    notAttached: o.summary.notAttached,
    problems: o.problems.map((p) => ({
      entry: p.entry,
      resourceType: p.resourceType,
      resourceId: p.resourceId,
      location: p.location,
      message: p.message,
    })),
  };
}

export interface FhirServices {
  links: FhirPatientLinks;
  importer: FhirImporter;
}

export async function fhirServices(store: DocStore, health: HealthStore): Promise<FhirServices> {
  const links = new FhirPatientLinks(store);
  const held = new HeldFhirRecords(store);
  await links.ensureIndexes();
  await held.ensureIndexes();
  return { links, importer: new FhirImporter(health, links, held) };
}

/** Formats (issue 9): FHIR import for IG admins, and the governed FHIR export of a record. */
export function fhirResolvers(fhir: FhirServices): { Mutation: MutationResolvers; Person: PersonResolvers } {
  return {
    Mutation: {
      importFhir: async (_root, { document, format }, ctx) => {
        const bytes = Buffer.byteLength(document, 'utf8');
        if (bytes > MAX_DOCUMENT_BYTES) {
          throw badInput(
            `document is ${bytes} bytes; at most ${MAX_DOCUMENT_BYTES} (5 MB) may be imported at once`,
            {
              argument: 'document',
            },
          );
        }
        const outcome = await fhir.importer.import(
          [{ name: 'document', text: document, format: format ? (format === 'XML' ? 'xml' : 'json') : null }],
          (entries) => ctx.registerPeople(entries),
        );
        // The audit trail names everyone whose record the import wrote.
        for (const nhs of outcome.people) ctx.gov.access.allowed(nhs, 'Mutation.importFhir', false, false);
        return importResult(outcome);
      },
      linkHealthPatient: async (_root, { patientId, nhsNumber }) => {
        if (patientId.length > 64)
          throw badInput('patientId is at most 64 characters', { argument: 'patientId' });
        return fhir.importer.link(patientId, nhsNumber);
      },
    },
    Person: {
      fhirBundle: fhirBundleResolver(fhir.links),
    },
  };
}
