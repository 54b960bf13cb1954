import { NhsNumberScalar } from '@care/common';
import type { Resolvers } from '../generated/resolvers-types';
import { delayedDays } from '../health-flags';
import type { HealthStore } from '../store/port';
import { personResolvers } from './person';
import { practicePatientsResolver } from './practice-patients';
import { healthRecordResolvers } from './record';

export function healthResolvers(store: HealthStore): Resolvers {
  return {
    NhsNumber: NhsNumberScalar,
    Person: personResolvers,
    HealthRecord: healthRecordResolvers,
    Encounter: {
      delayedDays: (enc, _args, ctx) =>
        enc.kind === 'ADMISSION' && enc.status === 'in-progress'
          ? delayedDays(enc.expectedDischargeDate, ctx.gov.now)
          : null,
    },
    Query: {
      practicePatients: practicePatientsResolver(store),
    },
  };
}
