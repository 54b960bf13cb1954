import { selectedFields } from '@care/common';
import type { HealthRecordResolvers } from '../generated/resolvers-types';
import { docFields, ENCOUNTER_FIELDS } from './fields';
import { gpPractice } from './practice';

/** Each section is one batched read for every person in the request, newest first. */
export const healthRecordResolvers: HealthRecordResolvers = {
  registeredPractice: (rec) => (rec.registeredPractice ? gpPractice(rec.registeredPractice) : null),
  conditions: (rec, _args, ctx, info) =>
    ctx.loaders.conditions.load({ key: rec.nhsNumber, fields: docFields(selectedFields(info)) }),
  medications: (rec, _args, ctx, info) =>
    ctx.loaders.medications.load({ key: rec.nhsNumber, fields: docFields(selectedFields(info)) }),
  allergies: (rec, _args, ctx, info) =>
    ctx.loaders.allergies.load({ key: rec.nhsNumber, fields: docFields(selectedFields(info)) }),
  encounters: (rec, _args, ctx, info) =>
    ctx.loaders.encounters.load({
      key: rec.nhsNumber,
      fields: docFields(selectedFields(info), ENCOUNTER_FIELDS),
    }),
  clinicalFlags: (rec, _args, ctx, info) =>
    ctx.loaders.flags.load({ key: rec.nhsNumber, fields: docFields(selectedFields(info)) }),
  observations: (rec, _args, ctx, info) =>
    ctx.loaders.observations.load({ key: rec.nhsNumber, fields: docFields(selectedFields(info)) }),
};
