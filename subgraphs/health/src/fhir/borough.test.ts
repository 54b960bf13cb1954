import { generatePopulation } from '@care/common';
import { healthRecords } from '../seed';
import { ENTERED_IN_ERROR } from '../store/port';
import { fhirLibrary } from './parse';
import { boroughBundles } from './seed-export';
import { memoryImporter } from './testing/fixtures';

const population = generatePopulation({ people: 300, today: '2026-11-22' });
const records = healthRecords(population);
const seeded: Record<string, { _id: string }[]> = {
  patients: records.map((r) => r.patient),
  conditions: records.flatMap((r) => r.conditions),
  medications: records.flatMap((r) => r.medications),
  allergies: records.flatMap((r) => r.allergies),
  encounters: records.flatMap((r) => r.encounters),
  flags: records.flatMap((r) => r.flags),
  observations: records.flatMap((r) => r.observations),
};

/** FHIR forbids a clinical status on an entry in error, so the export leaves it out. */
const asExported = (d: { _id: string }) =>
  'verificationStatus' in d && d.verificationStatus === ENTERED_IN_ERROR && 'clinicalStatus' in d
    ? { ...d, clinicalStatus: null }
    : d;
const byId = (docs: { _id: string }[]) => [...docs].sort((a, b) => a._id.localeCompare(b._id));

describe('the synthetic borough exported as FHIR and imported again', () => {
  const bundles = boroughBundles(population, 100);
  const docs = bundles.map((b, i) => ({ name: `health-${i}.json`, text: JSON.stringify(b) }));

  it('imports every record of a few hundred people, edge cases included, exactly as seeded', async () => {
    const m = memoryImporter();
    const out = await m.run(docs);
    expect(out.problems).toEqual([]);
    const count = (k: string) => seeded[k].length;
    expect(out.summary.imported).toEqual({
      Patient: count('patients'),
      Condition: count('conditions'),
      MedicationStatement: count('medications'),
      AllergyIntolerance: count('allergies'),
      Encounter: count('encounters'),
      Flag: count('flags'),
      Observation: count('observations'),
    });
    expect(out.summary.noKnownAllergyStatements).toBe(
      records.filter((r) => r.patient.noKnownAllergies).length,
    );
    expect(Object.values(out.summary.imported).reduce((a, b) => a + b, 0)).toBeGreaterThan(1500);
    const stored = await m.dump();
    for (const [collection, list] of Object.entries(seeded)) {
      expect({ collection, docs: stored[collection] }).toEqual({
        collection,
        docs: byId(list.map(asExported)),
      });
    }
    // Entries in error came across, and stay out of every read.
    const inError = seeded.conditions.filter(
      (c) => 'verificationStatus' in c && c.verificationStatus === ENTERED_IN_ERROR,
    );
    const owners = inError.map((c) => (c as unknown as { nhsNumber: string }).nhsNumber);
    const read = await m.health.conditionsByNhs(owners, ['display']);
    expect(read.some((c) => inError.some((e) => e._id === c._id))).toBe(false);

    // The same files again, one at a time as the import tool sends them: nothing changes.
    for (const d of docs) expect((await m.run([d])).problems).toEqual([]);
    expect(await m.dump()).toEqual(stored);
  });

  it('reads the same borough written as FHIR XML', async () => {
    const m = memoryImporter();
    const json = memoryImporter();
    const first = bundles[0];
    await json.run([{ text: JSON.stringify(first) }]);
    const out = await m.run([{ text: fhirLibrary().objToXml(first) }]);
    expect(out.problems).toEqual([]);
    expect(await m.dump()).toEqual(await json.dump());
  });
});
