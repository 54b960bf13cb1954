import { eventWindow, pageOfEvents, sourceEventResolvers, wantsKind } from '@care/common';
import type { CouncilEventResolvers, PersonResolvers } from '../generated/resolvers-types';
import { COUNCIL_EVENT_FIELDS, COUNCIL_EVENT_KINDS, residentEvents } from './events';

/**
 * Every council event is on the resident's one document: one read through the resident loader,
 * shared by all the people of a request, however long the history.
 */
export const councilEventsResolver: Pick<PersonResolvers, 'councilEvents'> = {
  councilEvents: async (person, args, ctx) => {
    const w = eventWindow(args, ctx.gov.now);
    if (!w || !COUNCIL_EVENT_KINDS.some((k) => wantsKind(w, k))) return [];
    const resident = await ctx.loaders.residentByNhs.load({
      key: person.nhsNumber,
      fields: COUNCIL_EVENT_FIELDS,
    });
    return resident ? pageOfEvents(residentEvents(person.nhsNumber, resident), w) : [];
  },
};

export const councilEvent: CouncilEventResolvers = sourceEventResolvers;
