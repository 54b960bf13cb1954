import type { Population } from '@care/common';
import { healthRecords } from '../seed';
import { exportBundle } from './export';
import type { Bundle } from './r4';

/**
 * The synthetic borough's health records as FHIR R4 collection Bundles of `perBundle` patients
 * each: everything the seed holds, entries in error and lifted flags included, so an import of
 * the export is exercised on thousands of resources and every edge the seed carries.
 */
export function boroughBundles(population: Population, perBundle = 100): Bundle[] {
  const records = healthRecords(population);
  const timestamp = `${population.today}T00:00:00.000Z`;
  const bundles: Bundle[] = [];
  for (let i = 0; i < records.length; i += perBundle) {
    const entry = records
      .slice(i, i + perBundle)
      .flatMap(
        (r) => exportBundle({ ...r, patientId: r.patient.nhsNumber }, () => true, timestamp).entry ?? [],
      );
    bundles.push({ resourceType: 'Bundle', type: 'collection', timestamp, entry });
  }
  return bundles;
}
