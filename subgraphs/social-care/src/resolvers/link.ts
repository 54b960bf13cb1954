import { badInput, conflict } from '@care/common';
import type { MutationResolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';

/** Writes an NHS number an IG admin confirmed onto a client that was held for matching. */
export function linkMutations(store: SocialCareStore): MutationResolvers {
  return {
    linkSocialCareClient: async (_root, { clientId, nhsNumber }) => {
      // One client per person: a second under the same NHS number would split their record and
      // could move them to another borough in the person index.
      const holder = (await store.clientsByNhs([nhsNumber], ['clientId']))[0];
      if (holder && holder.clientId !== clientId) {
        throw conflict(
          'Another client already holds that NHS number: merge the records in social care before linking',
          {},
        );
      }
      if (!(await store.linkClient(clientId, nhsNumber))) {
        throw badInput('No client with that id is waiting for an NHS number');
      }
      return true;
    },
  };
}
