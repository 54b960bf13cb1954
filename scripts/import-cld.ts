/**
 * npm run import:cld -- FILE [--mode all-or-nothing|good-rows]
 * Loads a Client Level Data CSV (docs/formats.md) into the social care record through the
 * running gateway's importClientLevelData mutation, as the IG admin by default (IMPORT_ROLE=
 * social_worker loads as the demo social worker, for their own local authority only). Prints
 * every bad row by line; exits 1 if any row or the file was refused.
 */
import { readFileSync } from 'node:fs';
import { GatewaySession } from './gateway-session';

const IMPORT = `mutation ImportCld($csv: String!, $mode: CldImportMode!) {
  importClientLevelData(csv: $csv, mode: $mode) {
    loaded mode rows loadedRows fileProblems ignoredColumns
    badRows { line column message }
    clientsCreated referrals unchangedReferrals assessments reviews services notAttached
    linkedPeople heldForMatching
  }
}`;

interface Result {
  loaded: boolean;
  mode: string;
  rows: number;
  loadedRows: number;
  fileProblems: string[];
  ignoredColumns: string[];
  badRows: { line: number; column: string | null; message: string }[];
  clientsCreated: number;
  referrals: number;
  unchangedReferrals: number;
  assessments: number;
  reviews: number;
  services: number;
  notAttached: number;
  linkedPeople: number;
  heldForMatching: number;
}

const MODES: Record<string, string> = { 'all-or-nothing': 'ALL_OR_NOTHING', 'good-rows': 'GOOD_ROWS' };

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--mode');
  const modeArg = at >= 0 ? args[at + 1] : 'all-or-nothing';
  const file = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  const mode = MODES[modeArg ?? ''];
  if (!file || !mode) {
    console.error('usage: npm run import:cld -- FILE [--mode all-or-nothing|good-rows]');
    process.exit(2);
  }
  const session = await GatewaySession.open(process.env.IMPORT_ROLE ?? 'ig_admin');
  const r = await session.request<{ importClientLevelData: Result | null }>(IMPORT, {
    csv: readFileSync(file, 'utf8'),
    mode,
  });
  const result = r.data?.importClientLevelData;
  if (!result) throw new Error(r.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; '));
  for (const p of result.fileProblems) console.log(`file: ${p}`);
  for (const b of result.badRows)
    console.log(`line ${b.line}${b.column ? ` ${b.column}` : ''}: ${b.message}`);
  if (result.ignoredColumns.length) console.log(`ignored columns: ${result.ignoredColumns.join(', ')}`);
  console.log(
    result.loaded
      ? `loaded ${result.loadedRows} of ${result.rows} rows (${result.mode}): ${result.clientsCreated} new clients, ` +
          `${result.referrals} referrals (${result.unchangedReferrals} already in the workflow), ` +
          `${result.assessments} assessments, ${result.reviews} reviews, ${result.services} services; ` +
          `${result.linkedPeople} people linked, ${result.heldForMatching} held for matching` +
          (result.notAttached ? `, ${result.notAttached} requests waiting for an NHS number` : '')
      : `nothing loaded from ${file} (${result.rows} rows, ${result.badRows.length} problems)`,
  );
  process.exit(result.fileProblems.length || result.badRows.length ? 1 : 0);
}

main().catch((e: Error) => {
  console.error(`import:cld failed: ${e.message}`);
  process.exit(1);
});
