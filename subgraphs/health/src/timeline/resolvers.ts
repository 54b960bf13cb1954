import {
  eventWindow,
  pageOfEvents,
  sourceEventResolvers,
  streamSlice,
  wantsKind,
  type EventWindow,
  type SourceEvent,
} from '@care/common';
import type { HealthEventResolvers, PersonResolvers } from '../generated/resolvers-types';
import type { HealthStore } from '../store/port';
import {
  conditionRecorded,
  discharged,
  dischargeNoticeSent,
  ENCOUNTER_EVENT_KINDS,
  encounterStarted,
  flagRaised,
  medicationStarted,
  PREFIX,
} from './events';

/** Each wanted stream read once, limited to the page: a fixed number of reads whatever the history's length. */
function readStreams(store: HealthStore, nhs: string, w: EventWindow): Promise<SourceEvent[]>[] {
  const each =
    <D>(make: (nhs: string, d: D) => SourceEvent[]) =>
    (docs: D[]) =>
      docs.flatMap((d) => make(nhs, d));
  const reads: Promise<SourceEvent[]>[] = [];
  const encounterKinds = ENCOUNTER_EVENT_KINDS.filter((k) => wantsKind(w, k));
  if (encounterKinds.length > 0) {
    const slice = streamSlice(w, PREFIX.encounter);
    reads.push(store.encountersInSlice(nhs, 'start', encounterKinds, slice).then(each(encounterStarted)));
  }
  if (wantsKind(w, 'DISCHARGE')) {
    const slice = streamSlice(w, PREFIX.discharge);
    reads.push(store.encountersInSlice(nhs, 'end', ['ADMISSION'], slice).then(each(discharged)));
  }
  if (wantsKind(w, 'CONDITION_RECORDED')) {
    reads.push(store.conditionsInSlice(nhs, streamSlice(w, PREFIX.condition)).then(each(conditionRecorded)));
  }
  if (wantsKind(w, 'MEDICATION_STARTED')) {
    reads.push(
      store.medicationsInSlice(nhs, streamSlice(w, PREFIX.medication)).then(each(medicationStarted)),
    );
  }
  if (wantsKind(w, 'FLAG_RAISED')) {
    reads.push(store.flagsInSlice(nhs, streamSlice(w, PREFIX.flag)).then(each(flagRaised)));
  }
  if (wantsKind(w, 'DISCHARGE_NOTICE')) {
    const slice = streamSlice(w, PREFIX.dischargeNotice);
    reads.push(store.dischargeNoticesInSlice(nhs, slice).then(each(dischargeNoticeSent)));
  }
  return reads;
}

export function healthEventsResolver(store: HealthStore): Pick<PersonResolvers, 'healthEvents'> {
  return {
    healthEvents: async (person, args, ctx) => {
      const w = eventWindow(args, ctx.gov.now);
      if (!w) return [];
      const streams = await Promise.all(readStreams(store, person.nhsNumber, w));
      return pageOfEvents(streams.flat(), w);
    },
  };
}

export const healthEvent: HealthEventResolvers = sourceEventResolvers;
