import { badInput, NhsNumberScalar, selectedFields } from '@care/common';
import type { Resolvers } from '../generated/resolvers-types';
import type { CouncilStore } from '../store/port';
import { councilEvent, councilEventsResolver } from '../timeline/resolvers';

const MAX_RESIDENTS = 100;

export function councilResolvers(store: CouncilStore): Resolvers {
  return {
    NhsNumber: NhsNumberScalar,
    Person: {
      __resolveReference: (ref) => ({ nhsNumber: ref.nhsNumber }),
      council: (person, _args, ctx, info) =>
        ctx.loaders.residentByNhs.load({ key: person.nhsNumber, fields: selectedFields(info) }),
      ...councilEventsResolver,
    },
    CouncilEvent: councilEvent,
    Mutation: {
      linkCouncilResident: async (_root, { councilId, nhsNumber }) => {
        if (!(await store.linkResident(councilId, nhsNumber))) {
          throw badInput('No resident with that council id is waiting for an NHS number');
        }
        return true;
      },
    },
    Query: {
      residents: async (_root, { councilIds }, ctx) => {
        if (councilIds.length > MAX_RESIDENTS) throw badInput(`At most ${MAX_RESIDENTS} council ids at once`);
        const found = await store.residentsByCouncilId(ctx.care.org, councilIds);
        return found.filter((r) => r.nhsNumber !== null).map((r) => ({ nhsNumber: r.nhsNumber as string }));
      },
    },
  };
}
