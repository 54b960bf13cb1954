import { badInput, forbidden, type DocStore } from '@care/common';
import type { CldImportResult, MutationResolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';
import { CldImporter, type CldImportOutcome } from './importer';

/** Larger files are refused before they are read: split them by reporting period. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export function cldResult(o: CldImportOutcome): CldImportResult {
  return {
    loaded: o.loaded,
    mode: o.mode,
    rows: o.rows,
    loadedRows: o.loadedRows,
    fileProblems: o.fileProblems,
    badRows: o.badRows,
    ignoredColumns: o.ignoredColumns,
    clientsCreated: o.clientsCreated,
    referrals: o.referrals,
    unchangedReferrals: o.unchangedReferrals,
    assessments: o.assessments,
    reviews: o.reviews,
    services: o.services,
    notAttached: o.notAttached,
    linkedPeople: o.linked,
    heldForMatching: o.held.length,
  };
}

/** Formats (issue 9): Client Level Data into the social care record. */
export function cldResolvers(store: SocialCareStore, docs: DocStore): { Mutation: MutationResolvers } {
  const importer = new CldImporter(store, docs);
  return {
    Mutation: {
      importClientLevelData: async (_root, { csv, mode }, ctx) => {
        const bytes = Buffer.byteLength(csv, 'utf8');
        if (bytes > MAX_CSV_BYTES) {
          throw badInput(`csv is ${bytes} bytes; at most ${MAX_CSV_BYTES} (5 MB) may be loaded at once`, {
            argument: 'csv',
          });
        }
        const { role, org } = ctx.care;
        // The policy lets the role in; which rows are theirs to write is decided here.
        if (role !== 'ig_admin' && role !== 'social_worker')
          throw forbidden('role', 'Mutation.importClientLevelData');
        const outcome = await importer.import(csv, mode, {
          now: ctx.gov.now,
          onlyLa: role === 'social_worker' ? org : null,
          registerPeople: (entries) => ctx.registerPeople(entries),
        });
        // The audit trail names everyone whose record the file wrote.
        for (const nhs of outcome.people)
          ctx.gov.access.allowed(nhs, 'Mutation.importClientLevelData', false, false);
        return cldResult(outcome);
      },
    },
  };
}
