/**
 * npx tsx scripts/export-formats.ts [--out DIR] [--people N] [--seed S] [--today YYYY-MM-DD]
 *   [--per-bundle N] [--xml]
 * Writes the synthetic borough in the real formats: its health records as FHIR R4 collection
 * Bundles (JSON, or XML with --xml) in DIR/fhir, and its social care events as a Client Level
 * Data CSV in DIR/cld. With the defaults of `npm run seed` (same people, seed and today) it is
 * the running demo's own borough, so importing it changes nothing.
 */
import { dataDir, generatePopulation } from '@care/common';
import { boroughBundles } from '@care/health/src/fhir/seed-export';
import { fhirLibrary } from '@care/health/src/fhir/parse';
import { boroughCld } from '@care/social-care/src/cld/seed-export';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const num = (name: string): number | undefined => (arg(name) === undefined ? undefined : Number(arg(name)));

function main() {
  const out = resolve(arg('out') ?? join(dataDir(), 'export'));
  const population = generatePopulation({
    people: num('people'),
    seed: num('seed'),
    today: arg('today') ?? new Date().toISOString().slice(0, 10),
  });
  const xml = process.argv.includes('--xml');
  const bundles = boroughBundles(population, num('per-bundle') ?? 200);
  mkdirSync(join(out, 'fhir'), { recursive: true });
  mkdirSync(join(out, 'cld'), { recursive: true });
  bundles.forEach((b, i) => {
    const name = `health-${String(i + 1).padStart(4, '0')}.${xml ? 'xml' : 'json'}`;
    writeFileSync(join(out, 'fhir', name), xml ? fhirLibrary().objToXml(b) : JSON.stringify(b));
  });
  const csv = boroughCld(population);
  writeFileSync(join(out, 'cld', 'client-level-data.csv'), csv);
  const resources = bundles.reduce((n, b) => n + (b.entry?.length ?? 0), 0);
  console.log(
    `Wrote ${population.people.length} synthetic people to ${out}: ${resources} FHIR resources in ` +
      `${bundles.length} Bundles (fhir/), ${csv.split('\r\n').length - 2} CLD events (cld/client-level-data.csv).`,
  );
}

main();
