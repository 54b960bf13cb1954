import { selectedFields } from '@care/common';
import type { PersonResolvers } from '../generated/resolvers-types';
import { computeHealthFlags } from '../health-flags';
import { docFields, HEALTH_RECORD_FIELDS } from './fields';

export const personResolvers: PersonResolvers = {
  __resolveReference: (ref) => ({ nhsNumber: ref.nhsNumber }),
  health: (person, _args, ctx, info) =>
    ctx.loaders.patient.load({
      key: person.nhsNumber,
      fields: docFields(selectedFields(info), HEALTH_RECORD_FIELDS),
    }),
  healthFlags: async (person, _args, ctx) => {
    const inputs = await ctx.loaders.flagInputs.load(person.nhsNumber);
    // A person health does not know has no flags to report, which is not the same as "none".
    return inputs ? computeHealthFlags(inputs, ctx.gov.now) : null;
  },
};
