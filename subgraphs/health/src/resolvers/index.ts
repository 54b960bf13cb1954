import { NhsNumberScalar } from '@care/common';
import type { Resolvers } from '../generated/resolvers-types';
import { delayedDays } from '../health-flags';
import type { HealthStore } from '../store/port';
import { dischargeResolvers } from '../discharge/resolvers';
import type { DischargeStore } from '../discharge/store';
import { personResolvers } from './person';
import { practicePatientsResolver } from './practice-patients';
import { healthRecordResolvers } from './record';
import { healthEvent, healthEventsResolver } from '../timeline/resolvers';
import { fhirResolvers, type FhirServices } from '../fhir/resolvers';

export function healthResolvers(store: HealthStore, notices: DischargeStore, fhir: FhirServices): Resolvers {
  const discharge = dischargeResolvers(notices, store);
  const formats = fhirResolvers(fhir);
  return {
    NhsNumber: NhsNumberScalar,
    Person: { ...personResolvers, ...healthEventsResolver(store), ...discharge.Person, ...formats.Person },
    DischargeNotice: discharge.DischargeNotice,
    OrganisationReport: discharge.OrganisationReport,
    WorkWaiting: discharge.WorkWaiting,
    HealthEvent: healthEvent,
    HealthRecord: healthRecordResolvers,
    Encounter: {
      delayedDays: (enc, _args, ctx) =>
        enc.kind === 'ADMISSION' && enc.status === 'in-progress'
          ? delayedDays(enc.expectedDischargeDate, ctx.gov.now)
          : null,
    },
    Query: {
      practicePatients: practicePatientsResolver(store),
      ...discharge.Query,
    },
    Mutation: { ...discharge.Mutation, ...formats.Mutation },
  };
}
