/**
 * The same transferred record as a FHIR R4 Bundle (type "collection"): a second format for systems
 * that take FHIR. Social care has no UK Core profile of its own, so this uses base R4 resources:
 * Patient, RelatedPerson (contacts), Flag (child protection, safeguarding), Task (assessments),
 * ServiceRequest (services), Communication (case notes) and Provenance (the transfer).
 */
import type { FullRecord } from '../store';
import type { TransferHeader } from './format';

const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const ONS_SYSTEM = 'https://fhir.nhs.uk/Id/ons-code';

type Resource = Record<string, unknown> & { resourceType: string; id: string };

const entry = (r: Resource) => ({ fullUrl: `urn:uuid:${r.resourceType}-${r.id}`, resource: r });

export function recordToFhirBundle(header: TransferHeader, record: FullRecord): string {
  const c = record.client;
  const patientRef = { reference: `urn:uuid:Patient-${c.clientId}` };
  const resources: Resource[] = [
    {
      resourceType: 'Patient',
      id: c.clientId,
      identifier: [{ system: NHS_NUMBER_SYSTEM, value: c.nhsNumber }],
      name: [{ given: [c.givenName], family: c.familyName }],
      birthDate: c.dateOfBirth,
      managingOrganization: { identifier: { system: ONS_SYSTEM, value: header.fromBorough } },
    },
    ...c.contacts.map((k) => ({
      resourceType: 'RelatedPerson',
      id: `${c.clientId}-${k.id}`,
      patient: patientRef,
      relationship: [{ text: k.relationship }],
      name: [{ text: k.name }],
      telecom: k.phone ? [{ system: 'phone', value: k.phone }] : [],
      extension: [
        { url: 'urn:care-gateway:is-carer', valueBoolean: k.isCarer },
        { url: 'urn:care-gateway:is-emergency-contact', valueBoolean: k.isEmergencyContact },
      ],
    })),
    ...(c.childProtection
      ? [
          {
            resourceType: 'Flag',
            id: `${c.clientId}-cp`,
            status: c.childProtection.onPlan || c.childProtection.lookedAfter ? 'active' : 'inactive',
            category: [{ text: 'Child protection' }],
            code: {
              text:
                [
                  c.childProtection.onPlan
                    ? `Child protection plan (${c.childProtection.category ?? 'unspecified'})`
                    : null,
                  c.childProtection.lookedAfter ? 'Looked after child' : null,
                  c.childProtection.unbornChildPlan ? 'Unborn child protection plan' : null,
                ]
                  .filter(Boolean)
                  .join('; ') || 'No current plan',
            },
            subject: patientRef,
            period: { start: c.childProtection.planStart ?? c.childProtection.lookedAfterSince ?? undefined },
          },
        ]
      : []),
    ...c.safeguardingAlerts.map((a) => ({
      resourceType: 'Flag',
      id: `${c.clientId}-${a.id}`,
      status: a.status === 'open' ? 'active' : 'inactive',
      category: [{ text: 'Safeguarding' }],
      code: { text: a.concern },
      subject: patientRef,
      period: { start: a.raisedOn },
    })),
    ...record.assessments.map((a) => ({
      resourceType: 'Task',
      id: `${c.clientId}-${a.id}`,
      status:
        a.status === 'complete' ? 'completed' : a.status === 'in_progress' ? 'in-progress' : 'requested',
      intent: 'order',
      code: { text: `${a.kind} assessment` },
      for: patientRef,
      executionPeriod: { start: a.startedOn, end: a.completedOn ?? undefined },
      note: a.outcome ? [{ text: a.outcome }] : [],
    })),
    ...record.services.map((s) => ({
      resourceType: 'ServiceRequest',
      id: `${c.clientId}-${s.id}`,
      status: s.status === 'ended' ? 'completed' : s.status === 'planned' ? 'draft' : 'active',
      intent: 'order',
      code: { text: s.kind },
      subject: patientRef,
      occurrencePeriod: { start: s.startDate, end: s.endDate ?? undefined },
      performerType: s.provider ? { text: s.provider } : undefined,
      note: [{ text: s.description }],
      quantityQuantity:
        s.hoursPerWeek === null
          ? undefined
          : { value: s.hoursPerWeek, unit: 'h/wk', system: 'http://unitsofmeasure.org', code: 'h/wk' },
    })),
    ...record.caseNotes.map((n) => ({
      resourceType: 'Communication',
      id: `${c.clientId}-${n.id}`,
      status: 'completed',
      subject: patientRef,
      sent: n.writtenAt,
      sender: { display: n.author },
      payload: [{ contentString: n.text }],
    })),
    {
      resourceType: 'Provenance',
      id: header.transferId,
      target: [patientRef],
      recorded: header.exportedAt,
      activity: { text: 'ELSID record transfer' },
      agent: [
        {
          who: { display: header.exportedBy },
          onBehalfOf: { identifier: { system: ONS_SYSTEM, value: header.fromBorough } },
        },
      ],
    },
  ];
  return JSON.stringify({
    resourceType: 'Bundle',
    id: header.transferId,
    type: 'collection',
    timestamp: header.exportedAt,
    entry: resources.map(entry),
  });
}
