import { selectedFields } from '@care/common';
import type { GraphQLResolveInfo } from 'graphql';
import { boroughRef, childProtectionContact } from '../borough';
import type {
  ChildProtectionResolvers,
  PersonResolvers,
  SocialCareRecordResolvers,
} from '../generated/resolvers-types';
import type { ServiceDoc, ServiceKind } from '../store/port';

/**
 * Client document fields each SocialCareRecord field reads. Sections in their own collections
 * read nothing from the client document; child protection needs the borough and the worker to
 * name a contact.
 */
const CLIENT_FIELDS: Record<string, readonly string[]> = {
  childProtection: ['childProtection', 'borough', 'allocatedWorker'],
  assessments: [],
  services: [],
  caseNotes: [],
  currentCarePackage: [],
};

const clientFields = (info: GraphQLResolveInfo): string[] => [
  ...new Set(selectedFields(info).flatMap((f) => CLIENT_FIELDS[f] ?? [f])),
];

/** Packages of care, as opposed to one-off adaptations or equipment: these are "the care package". */
const CARE_PACKAGE_KINDS: readonly ServiceKind[] = ['HOME_CARE', 'RESIDENTIAL', 'REABLEMENT'];
const CURRENT_PACKAGE_FIELDS = ['kind', 'status', 'startDate', 'endDate'];

function isActiveOn(s: ServiceDoc, today: string): boolean {
  return s.status === 'active' && s.startDate <= today && (!s.endDate || s.endDate >= today);
}

/** The active care package (newest first), else any other active service. */
export function currentCarePackage(services: ServiceDoc[], today: string): ServiceDoc | null {
  const active = services.filter((s) => isActiveOn(s, today));
  return active.find((s) => CARE_PACKAGE_KINDS.includes(s.kind)) ?? active[0] ?? null;
}

export const personRecord: Pick<PersonResolvers, 'socialCare'> = {
  socialCare: (person, _args, ctx, info) =>
    ctx.loaders.clientByNhs.load({ key: person.nhsNumber, fields: clientFields(info) }),
};

export const socialCareRecord: SocialCareRecordResolvers = {
  borough: (client) => boroughRef(client.borough),
  assessments: (client, _args, ctx, info) =>
    client.nhsNumber
      ? ctx.loaders.assessmentsByNhs.load({ key: client.nhsNumber, fields: selectedFields(info) })
      : [],
  services: (client, _args, ctx, info) =>
    client.nhsNumber
      ? ctx.loaders.servicesByNhs.load({ key: client.nhsNumber, fields: selectedFields(info) })
      : [],
  caseNotes: (client, _args, ctx, info) =>
    client.nhsNumber
      ? ctx.loaders.caseNotesByNhs.load({ key: client.nhsNumber, fields: selectedFields(info) })
      : [],
  currentCarePackage: async (client, _args, ctx, info) => {
    if (!client.nhsNumber) return null;
    const fields = [...new Set([...selectedFields(info), ...CURRENT_PACKAGE_FIELDS])];
    const services = await ctx.loaders.servicesByNhs.load({ key: client.nhsNumber, fields });
    return currentCarePackage(services, ctx.gov.now.toISOString().slice(0, 10));
  },
  childProtection: (client) =>
    client.childProtection
      ? {
          ...client.childProtection,
          nhsNumber: client.nhsNumber,
          borough: client.borough,
          allocatedWorker: client.allocatedWorker ?? null,
        }
      : null,
};

export const childProtection: ChildProtectionResolvers = {
  responsibleBorough: (cp) => boroughRef(cp.borough),
  contact: (cp) => childProtectionContact(cp.borough, cp.allocatedWorker),
};
