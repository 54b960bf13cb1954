import {
  eventWindow,
  pageOfEvents,
  sourceEventResolvers,
  streamSlice,
  wantsKind,
  type EventWindow,
  type SourceEvent,
} from '@care/common';
import type { PersonResolvers, SocialCareEventResolvers } from '../generated/resolvers-types';
import type { SocialCareContext } from '../context';
import type { SocialCareStore } from '../store/port';
import {
  assessmentCompleted,
  assessmentStarted,
  clientEvents,
  correctionDecided,
  correctionProposed,
  PREFIX,
  referralMade,
  referralStatusChanges,
  serviceEnded,
  serviceStarted,
  type SocialCareEventKind,
} from './events';

const CLIENT_EVENT_KINDS: SocialCareEventKind[] = [
  'CP_PLAN_STARTED',
  'CP_PLAN_ENDED',
  'LOOKED_AFTER',
  'SAFEGUARDING_ALERT',
];
const CLIENT_EVENT_FIELDS = ['childProtection', 'safeguardingAlerts'];

/**
 * Each wanted stream read once, limited to the page: a fixed number of store reads whatever the
 * length of the person's history. The client document is read through its loader, so the people
 * of one request share that read.
 */
function readStreams(
  store: SocialCareStore,
  nhs: string,
  w: EventWindow,
  ctx: SocialCareContext,
): Promise<SourceEvent[]>[] {
  const wants = (kind: SocialCareEventKind) => wantsKind(w, kind);
  const each =
    <D>(make: (nhs: string, d: D) => SourceEvent[]) =>
    (docs: D[]) =>
      docs.flatMap((d) => make(nhs, d));
  const reads: Promise<SourceEvent[]>[] = [];
  if (wants('REFERRAL')) {
    reads.push(store.referralsCreatedInSlice(nhs, streamSlice(w, PREFIX.referral)).then(each(referralMade)));
  }
  if (wants('REFERRAL_STATUS')) {
    reads.push(
      store
        .referralsChangedInSlice(nhs, streamSlice(w, PREFIX.referralStatus))
        .then(each(referralStatusChanges)),
    );
  }
  if (wants('ASSESSMENT_STARTED')) {
    const slice = streamSlice(w, PREFIX.assessmentStarted);
    reads.push(store.assessmentsInSlice(nhs, 'startedOn', slice).then(each(assessmentStarted)));
  }
  if (wants('ASSESSMENT_COMPLETED')) {
    const slice = streamSlice(w, PREFIX.assessmentCompleted);
    reads.push(store.assessmentsInSlice(nhs, 'completedOn', slice).then(each(assessmentCompleted)));
  }
  if (wants('SERVICE_STARTED')) {
    const slice = streamSlice(w, PREFIX.serviceStarted);
    reads.push(store.servicesInSlice(nhs, 'startDate', slice).then(each(serviceStarted)));
  }
  if (wants('SERVICE_ENDED')) {
    const slice = streamSlice(w, PREFIX.serviceEnded);
    reads.push(store.servicesInSlice(nhs, 'endDate', slice).then(each(serviceEnded)));
  }
  if (wants('CORRECTION')) {
    const proposed = streamSlice(w, PREFIX.correctionProposed);
    const decided = streamSlice(w, PREFIX.correctionDecided);
    reads.push(store.correctionsInSlice(nhs, 'proposedAt', proposed).then(each(correctionProposed)));
    reads.push(store.correctionsInSlice(nhs, 'decidedAt', decided).then(each(correctionDecided)));
  }
  if (CLIENT_EVENT_KINDS.some(wants)) {
    reads.push(
      ctx.loaders.clientByNhs
        .load({ key: nhs, fields: CLIENT_EVENT_FIELDS })
        .then((client) => (client ? clientEvents(nhs, client) : [])),
    );
  }
  return reads;
}

export function socialCareEventsResolver(store: SocialCareStore): Pick<PersonResolvers, 'socialCareEvents'> {
  return {
    socialCareEvents: async (person, args, ctx) => {
      const w = eventWindow(args, ctx.gov.now);
      if (!w) return [];
      const streams = await Promise.all(readStreams(store, person.nhsNumber, w, ctx));
      return pageOfEvents(streams.flat(), w);
    },
  };
}

export const socialCareEvent: SocialCareEventResolvers = sourceEventResolvers;
