/**
 * npm run import:fhir -- FILE_OR_FOLDER...
 * Imports FHIR R4 documents (JSON or XML; single resources or Bundles) into the health record
 * through the running gateway's importFhir mutation, signed in as the IG admin (see
 * gateway-session.ts for the URL and credentials). Files holding a Patient go first, so a
 * Condition sent in its own file finds its patient. Prints what each file did; exits 1 if any
 * file was refused.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { GatewaySession } from './gateway-session';

const IMPORT = `mutation ImportFhir($document: String!, $format: FhirFormat) {
  importFhir(document: $document, format: $format) {
    imported
    stored { resourceType count }
    skipped { resourceType reason count }
    ignoredExtensions { url count }
    noKnownAllergyStatements linkedPatients notAttached
    heldForMatching { localId reason }
    problems { entry resourceType resourceId location message }
  }
}`;

interface Result {
  imported: boolean;
  stored: { resourceType: string; count: number }[];
  skipped: { resourceType: string; reason: string; count: number }[];
  ignoredExtensions: { url: string; count: number }[];
  noKnownAllergyStatements: number;
  linkedPatients: number;
  notAttached: number;
  heldForMatching: { localId: string | null; reason: string }[];
  problems: {
    entry: number | null;
    resourceType: string | null;
    resourceId: string | null;
    location: string | null;
    message: string;
  }[];
}

const FHIR_FILE = /\.(json|xml)$/i;

function files(args: string[]): string[] {
  return args.flatMap((a) =>
    statSync(a).isDirectory()
      ? readdirSync(a)
          .filter((f) => FHIR_FILE.test(f))
          .sort()
          .map((f) => join(a, f))
      : [a],
  );
}

const holdsPatient = (text: string) => /"resourceType"\s*:\s*"Patient"|<Patient[\s>]/.test(text);

function describe(r: Result): string[] {
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'nothing');
  const lines = [
    `  stored: ${list(r.stored.map((s) => `${s.resourceType} ${s.count}`))}`,
    `  skipped: ${list(r.skipped.map((s) => `${s.resourceType} ${s.count} (${s.reason})`))}`,
  ];
  const ext = r.ignoredExtensions.reduce((n, e) => n + e.count, 0);
  if (ext) lines.push(`  ignored extensions: ${ext} (${r.ignoredExtensions.length} kinds)`);
  if (r.noKnownAllergyStatements)
    lines.push(`  "no known allergies" statements: ${r.noKnownAllergyStatements}`);
  if (r.linkedPatients) lines.push(`  patients linked in the person index: ${r.linkedPatients}`);
  for (const h of r.heldForMatching)
    lines.push(`  held for matching: ${h.localId ?? '(no id)'}: ${h.reason}`);
  if (r.notAttached) lines.push(`  not attached (patient held for matching): ${r.notAttached}`);
  return lines;
}

async function main() {
  const paths = files(process.argv.slice(2).filter((a) => !a.startsWith('--')));
  if (paths.length === 0) {
    console.error('usage: npm run import:fhir -- FILE_OR_FOLDER...');
    process.exit(2);
  }
  const docs = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  docs.sort((a, b) => Number(holdsPatient(b.text)) - Number(holdsPatient(a.text)));
  const session = await GatewaySession.open('ig_admin');
  let failed = 0;
  for (const { path, text } of docs) {
    const ext = extname(path).toLowerCase();
    const format = ext === '.xml' ? 'XML' : ext === '.json' ? 'JSON' : null;
    try {
      const r = await session.request<{ importFhir: Result | null }>(IMPORT, { document: text, format });
      const result = r.data?.importFhir;
      if (!result)
        throw new Error(r.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; '));
      if (result.imported) {
        console.log(`imported ${path}`);
        for (const line of describe(result)) console.log(line);
      } else {
        failed++;
        console.log(`REFUSED  ${path}: nothing was imported (${result.problems.length} problems)`);
        for (const p of result.problems) {
          const where = [
            p.entry === null ? null : `entry ${p.entry}`,
            p.resourceType && `${p.resourceType}/${p.resourceId ?? '-'}`,
            p.location,
          ]
            .filter(Boolean)
            .join(' ');
          console.log(`  ${where ? `${where}: ` : ''}${p.message}`);
        }
      }
    } catch (e) {
      failed++;
      console.log(`FAILED   ${path}: ${(e as Error).message}`);
    }
  }
  console.log(`${docs.length - failed} of ${docs.length} files imported.`);
  process.exit(failed ? 1 : 0);
}

main().catch((e: Error) => {
  console.error(`import:fhir failed: ${e.message}`);
  process.exit(1);
});
