import { badInput } from '@care/common';
import type { MutationResolvers } from '../generated/resolvers-types';
import type { SocialCareStore } from '../store/port';

/** Writes an NHS number an IG admin confirmed onto a client that was held for matching. */
export function linkMutations(store: SocialCareStore): MutationResolvers {
  return {
    linkSocialCareClient: async (_root, { clientId, nhsNumber }) => {
      if (!(await store.linkClient(clientId, nhsNumber))) {
        throw badInput('No client with that id is waiting for an NHS number');
      }
      return true;
    },
  };
}
